from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

from openvss.errors import OpenvssError


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header (Django 5.2 has none built in)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        # Every page, the API docs included (Swagger UI is vendored, started from a file).
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pages are Vietnamese unless the user chose English with the language switch.

    Many Vietnamese phones are set to English; following their Accept-Language would show
    a public service in a second language nobody asked for. API clients choose explicitly
    with Accept-Language, so the API keeps Django's negotiation.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivateResponseMiddleware:
    """Personal answers are never stored by a browser or a shared cache.

    Every page of a signed-in user, every ``/tai-khoan/`` page and every ``/api/v1/me…``
    answer (and any request carrying a bearer token) gets ``Cache-Control: no-store``:
    a shared phone's back button or a proxy must not keep someone's card or visits.
    """

    PERSONAL_PREFIXES = ("/tai-khoan/", "/api/v1/me", "/quan-tri/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.path.startswith(self.PERSONAL_PREFIXES)
            or "HTTP_AUTHORIZATION" in request.META
            or (user is not None and user.is_authenticated)
        ):
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class PageErrorMiddleware:
    """A typed error (``openvss.errors``) raised by a page becomes a page with its status
    and its Vietnamese message, not a 500. The API has its own handlers (api.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        if not isinstance(exception, OpenvssError) or request.path.startswith("/api/"):
            return None
        return render(request, "core/error.html", {"error": exception}, status=exception.status)
