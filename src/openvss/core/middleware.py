from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy header (Django 5.2 has none built in)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        # The API docs page loads its own assets; everything else gets the strict policy.
        if self.policy and not request.path.startswith("/api/docs"):
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
