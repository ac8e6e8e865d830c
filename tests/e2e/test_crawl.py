"""Every page fits a phone: a crawl of every page a guest, a citizen (who is also a parent),
an officer and an organisation's administrator can reach, in Chromium at 360 px and 768 px (issue 9).

Pages are discovered from the URL conf, so a new page is checked without anyone adding it
here: a route must either be crawled or be listed in NOT_PAGES with the reason. A page fails
if it scrolls sideways, logs a script error (CSP violations included), shows an English word
on a Vietnamese page, or has a serious or critical axe-core violation (axe is vendored under
tests/e2e/vendor and injected by the test, never served by the site).
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = [pytest.mark.e2e, pytest.mark.crawl, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WIDTHS = (360, 768)
PASSWORD = "Mật khẩu Demo 2026!"

# Routes that are not pages, each with the reason it is not crawled.
NOT_PAGES = {
    "healthz": "JSON probe",
    "readyz": "JSON probe",
    "metrics": "Prometheus text for the operators' scraper (bearer token)",
    "logout": "POST only",
    "set_language": "POST only (the language switch is clicked on the home page instead)",
    "captcha-image": "image",
    "captcha-image-2x": "image",
    "captcha-audio": "audio",
    "captcha-refresh": "JSON",
    "web:passkey_remove": "POST only",
    "web:manifest": "JSON (checked in tests/web)",
    "dossiers:communes": "htmx fragment of <option>s",
    "dossiers:agencies": "htmx fragment of <option>s",
    "dossiers:declaration_pdf": "PDF",
    "dossiers:portrait": "image",
    "dossiers:draft_photo": "image (the kept photo of an unsent declaration)",
    "accounts:passkey_register_options": "JSON for WebAuthn",
    "accounts:passkey_register": "POST only",
    "accounts:passkey_login_options": "JSON for WebAuthn",
    "accounts:passkey_login": "POST only",
    "clinics:signed_qr": "SVG image",
    "people:service_worker": "JavaScript",
    "javascript-catalog": "JavaScript (checked in tests/core/test_catalogues.py)",
    "payments:receipt": "PDF",
    "support:article_image": "image",
    "support:news_feed": "RSS feed (XML)",
    "support:news_atom": "Atom feed (XML)",
    "support:feedback_photo": "image",
    "payments:vnpay_ipn": "the gateway's JSON callback",
    "payments:sandbox_querydr": "the sandbox gateway's JSON API",
    "organisations:member_deactivate": "POST only",
    "organisations:member_reset": "POST only",
    "org_hr:template": "the .xlsx template (checked in tests/organisations/hr)",
    "org_hr:batch_pdf": "PDF",
}
# Whole URL prefixes handled elsewhere: the JSON API (fuzzed against its schema) and the
# back office (crawled from its own index below, as an officer sees it).
NOT_PAGE_PREFIXES = ("api/", "quan-tri/", "static/")

# English that must never show on a Vietnamese page (and Django's raw words).
ENGLISH = re.compile(
    r"\b(Not Found|Server Error|Forbidden|Bad Request|This password|This field|"
    r"Show counts|Enter a valid|Ensure this value|Page not found|Log in|Log out|"
    r"Select all|Action:|Save and|History|Change |Add |None)\b"
)
# Raw state keys of dossiers and messages (a page must show their Vietnamese labels).
RAW_KEYS = re.compile(
    r"\b(awaiting_otp|in_review|received|approved|rejected|expired|queued|sent|failed)\b"
)


def _routes(patterns=None, prefix="", namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def _page_urls(arguments: dict) -> list[str]:
    """Every crawlable page of the site: routes without parameters, and routes whose
    parameters the test data can fill (``arguments``: parameter name → value)."""
    urls, unknown = [], []
    for route, name, pattern in _routes():
        if route.startswith(NOT_PAGE_PREFIXES) or name in NOT_PAGES:
            continue
        params = list(pattern.pattern.converters) or re.findall(r"\(\?P<(\w+)>", route)
        if any(param not in arguments for param in params):
            unknown.append(f"{route} ({name}): no value for {params}")
            continue
        urls.append(reverse(name, kwargs={p: arguments[p] for p in params}))
    assert not unknown, (
        "routes the crawl cannot fill; give values or list in NOT_PAGES:\n" + "\n".join(unknown)
    )
    return sorted(set(urls))


@pytest.fixture
def country(site):
    """The demo as `openvss demo` builds it, smaller: the curated citizen (also a parent),
    the pensioner, officers with registrations in their queues, and a seeded crowd."""
    from openvss.demo.data import demo_ensure, demo_people_ensure
    from openvss.people.seeding import seed_people

    demo_people_ensure()
    seed_people(count=40, seed=7)
    return demo_ensure()


def _login(context, site, username, password, staff=False):
    page = context.new_page()
    if staff:
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        page.goto(f"{site}/quan-tri/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit], button[type=submit]")
        page.wait_for_url("**/quan-tri/xac-thuc-hai-buoc/**")  # the second factor (enrolment)
        problems = _check(page, page.url, 360, axe=True) + _check(page, page.url, 768, axe=False)
        device = TOTPDevice.objects.get(user__username=username)
        page.fill("#id_otp_token", f"{TOTP(device.bin_key).token():06d}")
        page.click("input[type=submit]")
        page.wait_for_url("**/quan-tri/")
        page.close()
        return problems
    elif "." in username:  # an organisation's user: "Tổ chức", unit code + login, TOTP
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        unit_code, login = username.split(".", 1)
        page.goto(f"{site}/to-chuc/dang-nhap/")
        page.fill("#id_unit_code", unit_code)
        page.fill("#id_login", login)
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/to-chuc/dang-nhap/xac-thuc/")
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_totp", f"{TOTP(device.bin_key).token():06d}")
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{site}/to-chuc/")
    else:
        page.goto(f"{site}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/tai-khoan/")
    page.close()
    return []


def _check(page, url: str, width: int, axe: bool) -> list[str]:
    problems = []
    errors: list[str] = []

    def on_error(exc):
        errors.append(str(exc))

    def on_console(msg):
        # The document's own status (a 404 page is a page) is checked through its response.
        own = msg.text.startswith("Failed to load resource") and msg.location.get("url") == url
        if msg.type == "error" and not own:
            errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("pageerror", on_error)
    page.on("console", on_console)
    page.set_viewport_size({"width": width, "height": 780})
    response = page.goto(url, wait_until="load")
    page.wait_for_timeout(50)
    status = response.status if response else 0
    where = f"{url} @{width}px"
    if status >= 500:
        problems.append(f"{where}: HTTP {status}")
    metrics = page.evaluate(
        "() => ({sw: document.documentElement.scrollWidth, iw: window.innerWidth,"
        " lang: document.documentElement.lang, text: document.body ? document.body.innerText : ''})"
    )
    if metrics["sw"] > metrics["iw"]:
        wide = page.evaluate(
            """(iw) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > iw + 1)
                 .slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            metrics["iw"],
        )
        problems.append(f"{where}: scrolls sideways ({metrics['sw']} > {metrics['iw']}): {wide}")
    if metrics["lang"].startswith("vi"):
        for pattern in (ENGLISH, RAW_KEYS):
            if match := pattern.search(metrics["text"]):
                problems.append(
                    f"{where}: English or raw key on a Vietnamese page: {match.group(0)!r}"
                )
    if errors:
        problems.append(f"{where}: script errors: {errors[:3]}")
    if axe:
        if page.evaluate("() => typeof window.axe === 'undefined'"):
            page.evaluate(AXE.read_text())  # a page opened outside the crawl's context
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | '))"
        )
        if result:
            problems.append(f"{where}: axe {result}")
    page.remove_listener("pageerror", on_error)
    page.remove_listener("console", on_console)
    return problems


TABS = "() => [...document.querySelectorAll('.tabs a[href]')].map((a) => a.getAttribute('href'))"


def _crawl(context, site, urls) -> tuple[list[str], int]:
    """Check each page at each width; every tab a page offers is crawled too."""
    problems, count = [], 0
    queue, seen = list(urls), set(urls)
    while queue:
        url = queue.pop(0)
        page = context.new_page()
        for width in WIDTHS:
            problems += _check(page, f"{site}{url}", width, axe=width == WIDTHS[0])
            count += 1
        path = page.evaluate("() => location.pathname")
        for href in page.evaluate(TABS):
            tab = (
                href if href.startswith("/") else f"{path}{href}" if href.startswith("?") else None
            )
            if tab and tab not in seen:
                seen.add(tab)
                queue.append(tab)
        page.close()
    return problems, count


def _admin_urls(context, site) -> list[str]:
    """The back office as the officer sees it: the index, each list it links to, and the
    first record of each list."""
    page = context.new_page()
    page.goto(f"{site}/quan-tri/")
    lists = page.eval_on_selector_all(
        "#content-main a[href$='/']:not(.addlink)", "els => els.map(e => e.getAttribute('href'))"
    )
    urls = ["/quan-tri/"]
    for href in sorted(set(lists)):
        urls.append(href)
        page.goto(f"{site}{href}")
        first = page.query_selector("#result_list tbody tr th a, #result_list tbody tr td a")
        if first:
            urls.append(first.get_attribute("href"))
    page.close()
    return urls


def _hr_desk(member):
    """The demo organisation's HR desk with a batch and an employee's declaration waiting:
    the ids its pages take (the organisation role crawls them)."""
    from openvss.dossiers.models import Dossier
    from openvss.organisations import hr_services
    from openvss.organisations.models import Declaration
    from tests.organisations.hr.helpers import make_employees, row_of, sheet, xlsx_upload

    org = member.organisation
    people = make_employees(org, 3, prefix="09")
    batch = hr_services.batch_submit(
        member=member,
        upload=xlsx_upload(sheet([row_of(p, 900 + i) for i, p in enumerate(people[:2], 1)])),
    )
    held = Dossier.objects.create(
        kind=Dossier.Kind.REGISTRATION, status=Dossier.Status.RECEIVED, agency_id=batch.agency_id,
        person=people[2], number="99999.DK/2026/01000",
        data={"bhxh_code": people[2].bhxh_code, "full_name": people[2].full_name},
    )  # fmt: skip
    declaration = Declaration.objects.create(
        organisation=org, dossier=held, hr_status=Declaration.HrStatus.PENDING
    )
    return {"batch_id": batch.pk, "declaration_id": declaration.pk}


def test_every_page_fits_a_phone_and_speaks_vietnamese(browser, site, country, capsys, settings):
    from openvss.accounts.models import User
    from openvss.people.models import Person

    # No tile server here (no network): the map's tiles are off, its markers and list stay.
    settings.MAP_TILE_URL = ""
    citizen = User.objects.filter(person__isnull=False, is_staff=False).order_by("pk").first()
    child = Person.objects.filter(guardian=citizen.person).first()
    officer = User.objects.filter(is_staff=True, is_superuser=False).order_by("pk").first()
    # The demo organisation's administrator (issue 14): every page as an employer sees it.
    org_admin = User.objects.get(org_membership__role="admin", org_membership__login="quantri")
    for user in (citizen, officer, org_admin):
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save()
    from openvss.payments.services import order_create_voluntary

    order = order_create_voluntary(
        user=citizen, person=citizen.person, income=5_000_000, months=3, category="other"
    )
    from django.core.management import call_command

    from openvss.places.models import Agency
    from openvss.support.models import Article
    from openvss.support.services import feedback_file

    call_command("load_support_content", verbosity=0)
    case = feedback_file(
        topic="the-bhyt", text="Thẻ BHYT của tôi bị sai ngày sinh.", contact_name="Nguyễn Văn An",
        contact_phone="0912345678", agency=Agency.objects.first(), ip="127.0.0.1",
    )  # fmt: skip
    arguments = {
        **_hr_desk(org_admin.org_membership),
        "slug": Article.objects.order_by("pk").values_list("slug", flat=True).first(),
        "number": case.number,
        "token": case.token,
        "bhxh_code": child.bhxh_code if child else citizen.person.bhxh_code,
        "reference": order.reference,
        "kind": "bhxh-mot-lan",  # the other kinds are its tabs
        # The form that disputes one of the citizen's own visits.
        "visit_id": citizen.person.visits.order_by("pk").values_list("pk", flat=True).first(),
    }
    urls = _page_urls(arguments) + ["/trang-khong-ton-tai/"]

    report, total = [], 0
    for role in ("guest", "citizen", "officer", "organisation"):
        context = browser.new_context(locale="vi-VN")
        context.add_init_script(path=AXE)  # in every page, outside the page's CSP
        login_problems = []
        if role == "citizen":
            _login(context, site, citizen.username, PASSWORD)
        elif role == "officer":
            login_problems = _login(context, site, officer.username, PASSWORD, staff=True)
        elif role == "organisation":
            _login(context, site, org_admin.username, PASSWORD)
        role_urls = urls + (_admin_urls(context, site) if role == "officer" else [])
        problems, count = _crawl(context, site, role_urls)
        total += count
        report += [f"[{role}] {p}" for p in login_problems + problems]
        context.close()
    with capsys.disabled():
        print(f"\ncrawl: {len(urls)} site pages (+ back office), {total} page loads at {WIDTHS} px")
    assert not report, "\n".join(report)
