"""The JSON API at /api/v1: one NinjaAPI that mounts each app's router and maps every error
to one shape, ``{"error": {"code", "message", "fields"}}``."""

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openvss.domain.errors import DomainError
from openvss.errors import InvalidInput, NotAuthenticated, NotFound, OpenvssError, RateLimited

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="openvss API",
    version="1",
    description="API của dịch vụ BHXH số: tra cứu, thẻ BHYT, quá trình tham gia, cơ sở KCB.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def error_response(request, error: OpenvssError):
    response = api.create_response(request, error.as_dict(), status=error.status)
    if isinstance(error, RateLimited):
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


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    error = OpenvssError(str(exc), code="http_error")
    error.status = exc.status_code
    return error_response(request, error)


def _mount_routers() -> None:
    from openvss.accounts.api import router as accounts_router
    from openvss.clinics.api import router as clinics_router
    from openvss.dossiers.api import router as dossiers_router
    from openvss.estimates.api import router as estimates_router
    from openvss.messaging.api import router as messaging_router
    from openvss.payments.api import router as payments_router
    from openvss.people.api import router as people_router
    from openvss.places.api import router as places_router
    from openvss.scan.api import router as scan_router

    api.add_router("/v1/", places_router)
    api.add_router("/v1/", scan_router)
    api.add_router("/v1/", dossiers_router)
    api.add_router("/v1/", clinics_router)
    api.add_router("/v1/", accounts_router)
    api.add_router("/v1/", messaging_router)
    api.add_router("/v1/", people_router)
    api.add_router("/v1/", payments_router)
    api.add_router("/v1/", estimates_router)


_mount_routers()
