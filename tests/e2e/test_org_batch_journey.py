"""HR uploads a 500-row spreadsheet with 3 bad rows, sees exactly those 3 by row and column,
fixes them, submits; the agency's officer sees the 500 dossiers as one batch (issue 14).

It starts where h14a's journey ends (an approved organisation whose HR user has signed in
with the unit code and a TOTP code): the organisation and its signed-in HR session are
made here directly, so that this journey stands alone. At merge the two may be chained.
"""

import pytest
from django.conf import settings

from tests.e2e.test_crawl import _login
from tests.organisations.hr.helpers import make_employees, make_member, make_org, row_of, sheet

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _hr_session(context, site, member):
    """The HR user's session as the organisation's sign-in leaves it (verified device)."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(member.user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = member.user.get_session_auth_hash()
    store["device_pk"] = member.verified_device_id
    store.create()
    host = site.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": store.session_key,
                "domain": host,
                "path": "/",
            }
        ]
    )


def test_hr_uploads_500_rows_fixes_3_and_the_agency_sees_one_batch(browser, site, tmp_path):
    from tests.e2e.test_registration_journey import assert_fits
    from tests.factories import PASSWORD, OfficerFactory

    org = make_org("TZH490L", "Công ty TNHH Thăng Long")
    member = make_member(org)
    people = make_employees(org, 500)
    rows = [row_of(p, i) for i, p in enumerate(people, start=1)]
    good = [list(r) for r in rows]
    rows[9][0] = "12345"  # row 11, column A
    rows[199][2] = "31/02/1990"  # row 201, column C
    rows[449][6] = "0123"  # row 451, column G
    bad_file, fixed_file = tmp_path / "to-khai.xlsx", tmp_path / "to-khai-da-sua.xlsx"
    bad_file.write_bytes(sheet(rows))
    fixed_file.write_bytes(sheet(good))

    context = browser.new_context(locale="vi-VN")
    _hr_session(context, site, member)
    page = context.new_page()
    page.goto(f"{site}/to-chuc/nhan-su/")
    assert page.locator("h1").inner_text() == "Bàn nhân sự"
    page.click("a[href='/to-chuc/nhan-su/lo/tai-len/']")
    assert_fits(page)
    page.set_input_files("#id_file", str(bad_file))
    page.click("button[value=submit]")
    page.wait_for_selector("[data-batch-errors]")
    cells = page.eval_on_selector_all("[data-error]", "els => els.map(e => e.dataset.error)")
    assert cells == ["A11", "C201", "G451"]
    assert "Ngày không tồn tại trên lịch." in page.locator("[data-error=C201]").inner_text()
    assert_fits(page)

    page.set_input_files("#id_file", str(fixed_file))
    page.click("button[value=submit]")
    page.wait_for_url("**/to-chuc/nhan-su/lo/*/")
    number = page.locator("[data-batch-number]").inner_text()
    batch_id = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.locator("[data-row-count]").inner_text() == "500"
    assert page.locator("[data-count=received]").inner_text().startswith("500")
    assert_fits(page)
    context.close()

    officer = OfficerFactory()  # canbo.hanoi: BHXH Hà Nội, the organisation's agency
    back = browser.new_context(locale="vi-VN")
    _login(back, site, officer.username, PASSWORD, staff=True)
    page = back.new_page()
    page.goto(f"{site}/quan-tri/dossiers/dossier/?lo={batch_id}")
    assert "500" in page.locator(".paginator").inner_text()
    assert page.locator("#result_list tbody tr").first.inner_text().count(number) == 1
    back.close()
