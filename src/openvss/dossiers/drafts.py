"""Photos of a declaration that is not sent yet.

A form that comes back with an error must not make the applicant take three photos again:
each photo that passed its checks is kept, re-encoded and without metadata, in private
storage under ``drafts/``, and the applicant's session remembers which file is whose. Kept
photos become the dossier's files when it is sent, and are deleted after a day otherwise.
"""

from datetime import datetime, timedelta

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from openvss.core.uploads import image_clean
from openvss.errors import OpenvssError

FOLDER = "drafts"
KEEP_FOR = timedelta(days=1)


def draft_photo_keep(*, upload, field: str) -> str:
    """Check the photo (raising ``InvalidInput`` as ``image_clean`` does) and keep it."""
    photo = image_clean(upload, field=field)
    return default_storage.save(f"{FOLDER}/{photo.content.name}", photo.content)


def draft_photos_keep(request, form, *, session_key: str, fields) -> dict:
    """The photos of this attempt, or those kept from the last one: {field: kept file name},
    remembered in the session under ``session_key``. A new photo that fails its checks gets
    its error on the form and leaves the kept one in place."""
    kept = dict(request.session.get(session_key, {}))
    for field in fields:
        upload = request.FILES.get(field)
        if upload is None:
            continue
        try:
            name = draft_photo_keep(upload=upload, field=field)
        except OpenvssError as exc:
            for message in exc.fields.get(field, [exc.message]):
                form.add_error(field, message)
        else:
            draft_photos_discard(names=[kept.get(field, "")])
            kept[field] = name
    request.session[session_key] = kept
    return kept


def draft_photo_open(name: str) -> File | None:
    """The kept photo as an upload-like file, or None if it is gone (expired, or not ours)."""
    if not name or not name.startswith(f"{FOLDER}/") or ".." in name:
        return None
    if not default_storage.exists(name):
        return None
    handle = default_storage.open(name, "rb")
    handle.size = default_storage.size(name)
    return handle


def draft_photos_discard(*, names) -> None:
    for name in names:
        if name and name.startswith(f"{FOLDER}/") and default_storage.exists(name):
            default_storage.delete(name)


def draft_photos_expire(*, now: datetime | None = None) -> int:
    """Delete kept photos older than a day (run with the dossier expiry)."""
    now = now or timezone.now()
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for filename in files:
        name = f"{FOLDER}/{filename}"
        if default_storage.get_modified_time(name) <= now - KEEP_FOR:
            default_storage.delete(name)
            removed += 1
    return removed
