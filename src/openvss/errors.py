"""Typed errors with a stable code and a Vietnamese message.

Services raise these; the API maps them to ``{"error": {"code", "message", "fields"}}`` with
the class's HTTP status, and pages show the message. Messages are gettext msgids.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvss.domain.errors import DomainError


class OpenvssError(Exception):
    status = 400
    code = "bad_request"
    default_message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = str(message if message is not None else self.default_message)
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class InvalidInput(OpenvssError):
    status = 422
    code = "invalid"
    default_message = _("Dữ liệu nhập vào không hợp lệ.")

    @classmethod
    def from_domain(cls, error: DomainError) -> "InvalidInput":
        message = gettext(error.message)
        fields = {error.field: [message]} if error.field else {}
        return cls(message, code=error.code, fields=fields)


class BadParameter(InvalidInput):
    """A query-string parameter out of its bounds (a page number, a year, a coordinate)."""

    status = 400
    code = "bad_parameter"
    default_message = _("Tham số không hợp lệ.")


class NotAuthenticated(OpenvssError):
    status = 401
    code = "not_authenticated"
    default_message = _("Vui lòng đăng nhập.")


class Forbidden(OpenvssError):
    status = 403
    code = "forbidden"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class NotFound(OpenvssError):
    status = 404
    code = "not_found"
    default_message = _("Không tìm thấy dữ liệu.")


class Conflict(OpenvssError):
    status = 409
    code = "conflict"
    default_message = _("Dữ liệu đã thay đổi hoặc đã tồn tại.")


class RateLimited(OpenvssError):
    status = 429
    code = "rate_limited"
    default_message = _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau.")

    def __init__(self, message=None, *, retry_after: int = 60, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServiceUnavailable(OpenvssError):
    """The database cannot be reached (restarting, failing over): nothing was saved by the
    request that gets it, and trying again shortly is safe."""

    status = 503
    code = "service_unavailable"
    default_message = _("Hệ thống đang tạm gián đoạn. Vui lòng thử lại sau ít phút.")
    retry_after = 5
