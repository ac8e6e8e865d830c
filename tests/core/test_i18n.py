import pytest

pytestmark = pytest.mark.django_db


def test_vietnamese_is_the_default_language(client):
    response = client.post("/api/v1/scan", {"text": "xin chào"}, content_type="application/json")
    assert (
        response.json()["error"]["message"]
        == "Không nhận ra mã QR: không phải thẻ BHYT hay thẻ căn cước."
    )
    assert 'lang="vi"' in client.get("/").content.decode()


def test_english_is_the_second_language(client):
    response = client.post(
        "/api/v1/scan",
        {"text": "hello"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["error"]["message"] == (
        "Unrecognised QR code: neither a health-insurance card nor an ID card."
    )
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert "Digital social insurance" in page and 'lang="en"' in page


def test_pages_stay_vietnamese_for_a_browser_set_to_english(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page and "Bảo hiểm xã hội số" in page


def test_the_language_switch_remembers_the_choice(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in" in client.get("/").content.decode()


@pytest.mark.parametrize("chosen", ["vi", "en"])
def test_the_language_switch_names_each_language_in_itself(client, chosen):
    import re
    import unicodedata

    client.cookies["django_language"] = chosen
    page = client.get("/").content.decode()
    buttons = dict(
        re.findall(r'<button[^>]*name="language"[^>]*value="(\w+)"[^>]*>\s*([^<]+?)\s*<', page)
    )
    assert buttons == {"vi": "Tiếng Việt", "en": "English"}  # NFC, as every page is
    assert "Tiếng Anh" not in page
    assert unicodedata.is_normalized("NFC", page)
