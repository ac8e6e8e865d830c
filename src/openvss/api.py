"""The JSON API at /api/v1: one NinjaAPI that mounts each app's router and maps every error
to one shape, ``{"error": {"code", "message", "fields"}}``."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openvss.core.api_docs import VendoredSwagger
from openvss.core.normalise import NormalisingParser
from openvss.domain.errors import DomainError
from openvss.errors import (
    InvalidInput,
    NotAuthenticated,
    NotFound,
    OpenvssError,
    RateLimited,
    ServiceUnavailable,
)

logger = logging.getLogger(__name__)

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "Mã lỗi ổn định, ví dụ otp_wrong"},
                "message": {"type": "string", "description": "Thông báo tiếng Việt"},
                "fields": {
                    "type": "object",
                    "description": "Lỗi theo từng trường",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
ERROR_DESCRIPTIONS = {
    "400": "Tham số không hợp lệ",
    "401": "Chưa đăng nhập, mã truy cập hoặc khóa API không hợp lệ",
    "403": "Không có quyền (hoặc phải đổi mật khẩu được cấp trước)",
    "404": "Không tìm thấy",
    "409": "Xung đột: đã xử lý trước đó hoặc đã tồn tại",
    "422": "Dữ liệu gửi lên không hợp lệ",
    "429": "Quá nhiều yêu cầu; thử lại sau số giây trong Retry-After",
}


def document_errors(schema: dict) -> dict:
    """Every operation lists the errors it can answer, all in the one error shape.

    Which ones follow from the operation itself: any input can be invalid (422); a secured
    operation, or one that signs in, can be refused (401, 403); a path with an id can miss (404); a write can
    conflict (409) and is rate-limited like every secured call (429). Operations declare
    any other answer (the card check's 503) in their own ``response``.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            codes = {"422"}
            if operation.get("security"):
                codes |= {"401", "403", "429"}
            if "/auth/" in path:  # signing in answers "not signed in" by nature
                codes.add("401")
            if "{" in path or path.startswith("/api/v1/me"):  # a record named, or one's own
                codes.add("404")
            # A paged list answers 404 past its last page.
            if any(param.get("name") == "page" for param in operation.get("parameters", [])):
                codes.add("404")
            # An operation names any other error it answers: openapi_extra={"x-errors": [404]}.
            codes |= {str(code) for code in operation.pop("x-errors", [])}
            if method in ("post", "put", "patch", "delete"):
                codes |= {"409", "429"}
            responses = operation.setdefault("responses", {})
            declared = {str(key) for key in responses}
            for code in sorted(codes - declared):
                responses.setdefault(
                    int(code),
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return schema


class OpenvssAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = OpenvssAPI(
    title="openvss API",
    version="1",
    description="API của dịch vụ BHXH số: tra cứu, thẻ BHYT, quá trình tham gia, cơ sở KCB.",
    urls_namespace="api",
    docs_url="/docs",
    docs=VendoredSwagger(),  # static/vendor, under the CSP; API_DOCS switches it off
    openapi_url="/openapi.json",
    # Every string that enters through the API is NFC-normalised and trimmed (core/normalise.py).
    parser=NormalisingParser(),
)


def error_response(request, error: OpenvssError):
    response = api.create_response(request, error.as_dict(), status=error.status)
    if isinstance(error, RateLimited | ServiceUnavailable):
        response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(OpenvssError)
def on_openvss_error(request, exc: OpenvssError):
    return error_response(request, exc)


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return error_response(request, InvalidInput.from_domain(exc))


# Where ninja says a value came from, and the names our handlers give their schema
# parameters: neither means anything to the caller, so field paths start after them.
_LOCATIONS = {"body", "query", "path", "form", "header", "file", "cookie", "payload"}
_MESSAGES = {
    "missing": gettext_lazy("Trường này là bắt buộc."),
    "date_from_datetime_parsing": gettext_lazy("Ngày không hợp lệ (định dạng yyyy-mm-dd)."),
    "date_parsing": gettext_lazy("Ngày không hợp lệ (định dạng yyyy-mm-dd)."),
    "date_type": gettext_lazy("Ngày không hợp lệ (định dạng yyyy-mm-dd)."),
    "int_parsing": gettext_lazy("Phải là một số nguyên."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "decimal_parsing": gettext_lazy("Phải là một số."),
    "string_too_long": gettext_lazy("Giá trị quá dài."),
    "string_too_short": gettext_lazy("Giá trị quá ngắn."),
    "string_type": gettext_lazy("Phải là một chuỗi ký tự."),
    "json_invalid": gettext_lazy("Nội dung JSON không hợp lệ."),
}


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        location = [str(part) for part in item.get("loc", ())]
        while location and location[0] in _LOCATIONS:
            location.pop(0)
        message = str(_MESSAGES.get(item.get("type", ""), _("Giá trị không hợp lệ.")))
        fields.setdefault(".".join(location) or "request", []).append(message)
    return error_response(
        request, InvalidInput(_("Dữ liệu gửi lên không hợp lệ."), code="invalid", fields=fields)
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(request, NotFound())


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return error_response(request, NotAuthenticated())


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_unavailable(request, exc):
    # The connection broke or could not be made (a restart, a failover): a clear "try again"
    # instead of a 500. Whatever the request had written is rolled back, unless the break
    # came after its COMMIT reached the server; then a retry meets the usual duplicate checks.
    logger.warning("database unavailable: %s", exc)
    return error_response(request, ServiceUnavailable())


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja: "Cannot parse request body" (malformed JSON)
        return on_unreadable_body(request, exc)
    error = OpenvssError(str(exc), code="http_error")
    error.status = exc.status_code
    return error_response(request, error)


@api.exception_handler(MultiPartParserError)
def on_unreadable_body(request, exc):
    message = _("Nội dung gửi lên không đọc được (JSON hoặc multipart không hợp lệ).")
    return error_response(request, InvalidInput(message, code="body_invalid"))


def _mount_routers() -> None:
    from openvss.accounts.api import bearer
    from openvss.accounts.api import router as accounts_router
    from openvss.clinics.api import facility_key
    from openvss.clinics.api import router as clinics_router
    from openvss.dossiers.api import clinic_router as dossiers_clinic_router
    from openvss.dossiers.api import me_router as dossiers_me_router
    from openvss.dossiers.api import router as dossiers_router
    from openvss.dossiers.card_api import router as card_requests_router
    from openvss.dossiers.tracking_api import router as tracking_router
    from openvss.estimates.api import router as estimates_router
    from openvss.lookups.api import router as lookups_router
    from openvss.messaging.api import router as messaging_router
    from openvss.organisations.api import router as organisations_router
    from openvss.organisations.hr_api import router as org_hr_router
    from openvss.payments.api import router as payments_router
    from openvss.people.api import router as people_router
    from openvss.places.api import router as places_router
    from openvss.scan.api import router as scan_router
    from openvss.support.api import router as support_router

    api.add_router("/v1/", places_router)
    api.add_router("/v1/", scan_router)
    api.add_router("/v1/", dossiers_router)
    api.add_router("/v1/", card_requests_router)
    api.add_router("/v1/", dossiers_me_router)
    # The facility answers visit disputes with its own API key (dossiers do not import clinics).
    api.add_router("/v1/", dossiers_clinic_router, auth=facility_key)
    api.add_router("/v1/", tracking_router)
    api.add_router("/v1/", clinics_router)
    api.add_router("/v1/", accounts_router)
    api.add_router("/v1/", messaging_router)
    # people sits below accounts (import contracts): its router gets the token check here.
    api.add_router("/v1/", people_router, auth=bearer)
    api.add_router("/v1/", payments_router)
    api.add_router("/v1/", estimates_router)
    api.add_router("/v1/", lookups_router)
    api.add_router("/v1/", support_router)
    api.add_router("/v1/", organisations_router)
    api.add_router("/v1/", org_hr_router)


_mount_routers()
