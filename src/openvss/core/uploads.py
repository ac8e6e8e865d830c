"""Uploaded photos: checked by content, not by name; re-encoded so that no metadata
(EXIF location, camera serial) survives; size- and pixel-limited."""

import hashlib
import io
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from openvss.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is a decompression bomb
MAX_SIDE = 2000  # enough to read an ID card; keeps storage and officers' pages light
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    sha256: str
    width: int
    height: int


def image_clean(upload, *, field: str) -> CleanImage:
    """Return the photo re-encoded as JPEG without metadata, or raise ``InvalidInput``."""

    def fail(message: str, code: str) -> InvalidInput:
        return InvalidInput(message, code=code, fields={field: [message]})

    if upload is None:
        raise fail(_("Vui lòng chụp hoặc tải ảnh lên."), "file_required")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise fail(_("Ảnh quá lớn (tối đa 5 MB)."), "file_too_large")
    upload.seek(0)  # the same upload may be checked again after a failed attempt
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise fail(_("Ảnh quá lớn (tối đa 5 MB)."), "file_too_large")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ALLOWED_FORMATS:
                raise fail(_("Chỉ nhận ảnh JPEG, PNG hoặc WEBP."), "file_type")
            if probe.width * probe.height > MAX_PIXELS:
                raise fail(_("Ảnh có kích thước quá lớn."), "file_too_large")
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            image = ImageOps.exif_transpose(image).convert("RGB")
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise fail(_("Tệp tải lên không phải là ảnh hợp lệ."), "file_not_image") from None
    if min(image.size) < 200:
        raise fail(
            _("Ảnh quá nhỏ, không đọc rõ được (cần ít nhất 200 điểm ảnh mỗi cạnh)."),
            "file_too_small",
        )
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)  # no exif= argument: none kept
    data = out.getvalue()
    return CleanImage(
        content=ContentFile(data, name=f"{uuid.uuid4().hex}.jpg"),
        sha256=hashlib.sha256(data).hexdigest(),
        width=image.width,
        height=image.height,
    )
