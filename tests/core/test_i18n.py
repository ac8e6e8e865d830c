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
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Digital social insurance" in page and 'lang="en"' in page


def test_the_language_switch_remembers_the_choice(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in" in client.get("/").content.decode()
