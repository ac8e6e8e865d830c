"""The API docs page: Swagger UI served from our own static files (vendored from npm's
swagger-ui-dist), under the same Content-Security-Policy as every page, and switched off by
``API_DOCS = False`` (the default in production). The OpenAPI schema itself stays public:
it is the contract clinics and apps build against."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        if not settings.API_DOCS:
            raise Http404
        context = {"openapi_url": self.get_openapi_url(api, kwargs), "title": api.title}
        return render(request, "core/api_docs.html", context)
