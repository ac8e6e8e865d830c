"""Browser journeys: Playwright driving Debian's Chromium (/usr/bin/chromium).

They skip with a clear message where no Chromium is installed; CI sets
OPENVSS_REQUIRE_BROWSER=1, which turns that skip into a failure.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run browser journeys"
        if os.environ.get("OPENVSS_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between page steps are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server):
    """The live server with reference data (a flush by an earlier browser test removes it)."""
    from openvss.legal.services import legal_reference_load
    from openvss.places.services import reference_load

    reference_load()
    legal_reference_load()
    return live_server.url
