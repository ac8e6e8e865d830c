"""The API docs render in Chromium under the site's CSP (issue 11, item 9)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_without_csp_violations(browser, site):
    page = browser.new_context(locale="vi-VN").new_page()
    violations, errors = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    assert page.locator(".opblock").count() > 10  # every operation is listed
    assert errors == []
    assert [v for v in violations if "script" in v] == []
