"""Item 9: /api/docs is Swagger UI from vendored files, under the CSP, and can be off."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_docs_page_uses_only_our_own_files_under_the_csp(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/swagger-ui-5.35.0/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "<script>" not in page  # no inline script, no CDN
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_vendored_files_are_served_with_their_licence(client):
    from django.contrib.staticfiles import finders

    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"):
        assert finders.find(f"vendor/swagger-ui-5.35.0/{name}"), name


def test_the_docs_can_be_switched_off(client, settings):
    settings.API_DOCS = False
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200  # the contract stays public
