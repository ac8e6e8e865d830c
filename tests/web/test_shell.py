"""The app shell: home screens, tiles only where their page exists, the two formats, the
manifest, settings and Vietnamese error pages (issue 9)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone

from openvss.messaging.models import Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client, citizen):
    client.force_login(citizen)
    return citizen


def render(text, **context):
    return Template("{% load vss %}" + text).render(Context(context))


def test_dates_and_money_have_one_format_each():
    assert render("{{ d|ngay }}", d=dt.date(2026, 3, 5)) == "05/03/2026"
    moment = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC)  # 08:30 in Vietnam
    assert render('{{ d|ngay:"gio" }}', d=moment) == "08:30 05/03/2026"
    assert render("{{ m|thang }}", m=dt.date(2026, 3, 1)) == "03/2026"
    assert render("{{ v|tien }}", v=Decimal("5453400")) == "5.453.400\u00a0đ"
    assert render("{{ v|tien }}", v=-1200) == "-1.200\u00a0đ"
    assert render("{{ v|tien }}", v=None) == ""
    assert render("{{ v|so }}", v=1234567) == "1.234.567"


def test_the_guest_home_has_the_public_tiles_and_no_dead_one(client):
    from django.urls import NoReverseMatch, reverse

    from openvss.web.tiles import GUEST_TILES

    page = client.get("/")
    assert page.status_code == 200
    body = page.content.decode()
    for tile in GUEST_TILES:
        try:
            url = reverse(tile.url_name)
        except NoReverseMatch:
            assert f'data-tile="{tile.url_name}"' not in body  # not built yet: no tile
        else:
            assert f'href="{url}" data-tile="{tile.url_name}"' in body
    assert 'data-tile="login"' in body and 'data-tile="dossiers:register"' in body


def test_a_tile_whose_page_does_not_exist_is_not_shown():
    from openvss.web.tiles import Tile, available

    shown = available([Tile("login", "a", "home"), Tile("nowhere:page", "b", "home")])
    assert [item["tile"].url_name for item in shown] == ["login"]


def test_the_citizen_home_greets_by_name_and_counts_unread_notices(client, citizen):
    assert client.get("/")["Location"] == "/tai-khoan/"
    for subject in ("Hồ sơ đã được duyệt", "Đổi mật khẩu"):
        Message.objects.create(
            person=citizen.person, channel=Message.Channel.EMAIL, purpose="dossier_decision",
            recipient="an@example.vn", subject=subject, body="…",
        )  # fmt: skip
    page = client.get("/tai-khoan/").content.decode()
    assert "Nguyễn Văn An" in page and 'data-tile="people:card"' in page
    assert '<span class="badge" aria-label="2">2</span>' in page
    client.get("/tai-khoan/thong-bao/")  # opening the inbox reads them
    assert 'class="badge"' not in client.get("/tai-khoan/").content.decode()


def test_the_citizen_home_costs_a_fixed_number_of_queries(
    client, citizen, django_assert_max_num_queries
):
    client.get("/tai-khoan/")
    with django_assert_max_num_queries(8):
        assert client.get("/tai-khoan/").status_code == 200


def test_personal_details_show_identity_papers_and_address(client, citizen):
    page = client.get("/tai-khoan/ca-nhan/").content.decode()
    for text in ("Số CCCD", "Số CMND", "Số hộ chiếu", "001090012345", "Địa chỉ"):
        assert text in page


def test_settings_list_and_remove_only_ones_own_passkeys(client, citizen):
    from openvss.accounts.models import Device, Passkey

    device = Device.objects.create(user=citizen, device_id="d1", name="Điện thoại của An")
    mine = Passkey.objects.create(user=citizen, device=device, credential_id="c1", public_key=b"k")
    other_user = UserFactory(username="0999999999")
    other_device = Device.objects.create(user=other_user, device_id="d2", name="x")
    theirs = Passkey.objects.create(
        user=other_user, device=other_device, credential_id="c2", public_key=b"k"
    )
    page = client.get("/tai-khoan/cai-dat/").content.decode()
    assert "Điện thoại của An" in page
    assert ">Tiếng Việt</button>" in page and ">English</button>" in page
    client.post(f"/tai-khoan/cai-dat/passkey/{theirs.pk}/xoa/")
    assert Passkey.objects.filter(pk=theirs.pk).exists()  # not mine: untouched
    client.post(f"/tai-khoan/cai-dat/passkey/{mine.pk}/xoa/")
    assert not Passkey.objects.filter(pk=mine.pk).exists()


def test_the_manifest_makes_the_app_installable_and_opens_on_the_card(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["start_url"] == "/tai-khoan/the-bhyt/" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    assert data["theme_color"] and data["name"] == "BHXH số"
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


@override_settings(DEBUG=False)
def test_error_pages_speak_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in body
    assert "Not Found" not in body


def test_the_server_error_page_speaks_vietnamese(rf):
    from django.contrib.auth.models import AnonymousUser

    from openvss.web.views import server_error

    request = rf.get("/")
    request.user = AnonymousUser()
    response = server_error(request)
    assert response.status_code == 500 and "Hệ thống đang gặp sự cố" in response.content.decode()


def test_the_services_page_lists_what_exists(client):
    body = client.get("/dich-vu-cong/").content.decode()
    assert 'data-service="dossiers:register"' in body and "Đăng ký giao dịch điện tử" in body


def test_dates_show_in_vietnam_time():
    moment = timezone.make_aware(dt.datetime(2026, 1, 1, 23, 0), dt.UTC)
    assert render('{{ d|ngay:"gio" }}', d=moment) == "06:00 02/01/2026"


def test_one_bottom_nav_item_is_current_the_longest_match(rf, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    from openvss.web import context_processors, tiles

    guest, org = tiles.GUEST_NAV, tiles.ORG_NAV

    def current(path, nav):
        monkeypatch.setattr(tiles, "GUEST_NAV", nav)
        request = rf.get(path)
        request.user = AnonymousUser()
        shown = context_processors.shell(request)["shell_nav"]
        return [item["url"] for item in shown if item["current"]]

    # An organisation's home (/to-chuc/) is a start of every page of it: only the deeper item.
    assert current("/to-chuc/nhan-su/nguoi-lao-dong/", org) == ["/to-chuc/nhan-su/nguoi-lao-dong/"]
    assert current("/to-chuc/", org) == ["/to-chuc/"]
    assert current("/tra-cuu/co-so-kcb/", guest) == ["/tra-cuu/"]
    assert current("/", guest) == ["/"]
