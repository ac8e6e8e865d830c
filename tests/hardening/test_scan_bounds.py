"""Item 6: /api/v1/scan is rate-limited and refuses huge pictures before decoding them."""

import io

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.domain.test_qr import CARD_2021

pytestmark = pytest.mark.django_db


def png(size) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, format="PNG", optimize=True)
    return SimpleUploadedFile("big.png", out.getvalue(), content_type="image/png")


def test_a_huge_picture_is_refused_from_its_header(client, monkeypatch):
    photo = png((6300, 6300))
    assert photo.size < 200_000  # small file, huge picture: a decompression bomb
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self) or None)
    response = client.post("/api/v1/scan", {"image": photo})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "image_too_large"
    assert decoded == []  # no pixel was decoded


def test_a_large_phone_photo_is_read_at_a_bounded_size(client, monkeypatch):
    import zxingcpp

    out = io.BytesIO()
    segno.make(CARD_2021, error="m").save(out, kind="png", scale=40, border=4)
    seen = []
    real = zxingcpp.read_barcodes
    monkeypatch.setattr(
        zxingcpp, "read_barcodes", lambda img, **kw: seen.append(img.size) or real(img, **kw)
    )
    photo = SimpleUploadedFile("qr.png", out.getvalue(), content_type="image/png")
    response = client.post("/api/v1/scan", {"image": photo})
    assert response.status_code == 200, response.content
    assert max(seen[0]) <= 1600


def test_scans_are_rate_limited_per_caller(client):
    for _ in range(60):
        assert (
            client.post("/api/v1/scan", {"text": "x"}, content_type="application/json").status_code
            == 422
        )
    response = client.post("/api/v1/scan", {"text": "x"}, content_type="application/json")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_photos_have_a_smaller_allowance(client):
    for _ in range(10):
        assert client.post("/api/v1/scan", {"image": png((300, 300))}).status_code == 422
    assert client.post("/api/v1/scan", {"image": png((300, 300))}).status_code == 429
