"""The translation catalogues are complete.

openvss's msgids are Vietnamese, so its English catalogue must translate every one of them.
Django and the third-party apps speak English: every string of theirs the site can show
must have Vietnamese, either in their own Vietnamese catalogue or in our overrides
(src/openvss/locale/vi). A Django upgrade that adds strings makes this fail until they
are translated.
"""

import json
import re
from pathlib import Path

import captcha
import django
import polib
import pytest
import simple_history

import openvss

LOCALE = Path(openvss.__file__).parent / "locale"
DJANGO = Path(django.__file__).parent
OURS = {
    "en": [LOCALE / "en/LC_MESSAGES/django.po", LOCALE / "en/LC_MESSAGES/djangojs.po"],
    "vi": [LOCALE / "vi/LC_MESSAGES/django.po", LOCALE / "vi/LC_MESSAGES/djangojs.po"],
}
ALL_OURS = [*OURS["en"], *OURS["vi"]]

# The catalogues of Django whose strings the site can show (forms, models, the admin and
# its JavaScript, auth's validators, humanize), and of the third-party apps.
DJANGO_CATALOGUES = [
    (DJANGO / "conf/locale", "django"),
    (DJANGO / "contrib/admin/locale", "django"),
    (DJANGO / "contrib/admin/locale", "djangojs"),
    (DJANGO / "contrib/auth/locale", "django"),
    (DJANGO / "contrib/contenttypes/locale", "django"),
    (DJANGO / "contrib/sessions/locale", "django"),
    (DJANGO / "contrib/humanize/locale", "django"),
    (Path(captcha.__file__).parent / "locale", "django"),
]


def _entries(path):
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def _translated(entry):
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _source_msgids(locale_dir, domain):
    """Every (context, msgid) of a package: its English catalogue, or, when it ships none
    (django-simple-history), the union of the catalogues it ships."""
    english = locale_dir / "en/LC_MESSAGES" / f"{domain}.po"
    paths = [english] if english.exists() else sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
    assert paths, locale_dir
    return {(e.msgctxt, e.msgid) for path in paths for e in _entries(path)}


def _vietnamese(mo_path):
    if not mo_path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.mofile(str(mo_path)) if _translated(e)}


@pytest.mark.parametrize("path", ALL_OURS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_entry_is_translated_and_none_is_fuzzy(path):
    entries = _entries(path)
    assert entries, f"{path} is empty"
    untranslated = [e.msgid for e in entries if not _translated(e)]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"


@pytest.mark.parametrize("path", ALL_OURS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_compiled_catalogue_matches_its_source(path):
    """A .po edited without `openvss compilemessages` would not reach the site."""
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run `make messages`"

    def table(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, dict(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if e.msgid
        }

    assert table(polib.mofile(str(mo))) == table(_entries(path)), (
        f"{mo} is stale: run `make messages`"
    )


# Placeholders, and the HTML a safe string carries (a "<" written as "&lt;" in the msgid must
# stay "&lt;" in the translation, or the browser swallows what follows as a tag).
_PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{\w*\}|&\w+;|</?(?:a|b|br|code|em|p|small|span|strong)\b"
)


@pytest.mark.parametrize("path", ALL_OURS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_translations_keep_the_placeholders(path):
    wrong = []
    for e in _entries(path):
        expected = sorted(_PLACEHOLDER.findall(e.msgid))
        for text in e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]:
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                wrong.append((e.msgid, text))
    assert not wrong, wrong


def test_the_vietnamese_overrides_use_vietnamese_plural_forms():
    for path in OURS["vi"]:
        catalogue = polib.pofile(str(path))
        assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert all(len(e.msgstr_plural) == 1 for e in catalogue if e.msgid_plural)


def test_the_overrides_come_first():
    from django.conf import settings

    assert LOCALE in [Path(p) for p in settings.LOCALE_PATHS]


@pytest.mark.parametrize(
    ("locale_dir", "domain"),
    [
        *DJANGO_CATALOGUES,
        (Path(simple_history.__file__).parent / "locale", "django"),
    ],
    ids=lambda v: str(v).split("site-packages/")[-1] if isinstance(v, Path) else v,
)
def test_every_string_of_django_and_the_apps_has_vietnamese(locale_dir, domain):
    # Django merges the catalogues of one domain (ours last, so ours win).
    vietnamese = _vietnamese(LOCALE / "vi/LC_MESSAGES" / f"{domain}.mo")
    for other_dir, other_domain in [*DJANGO_CATALOGUES, (locale_dir, domain)]:
        if other_domain == domain:
            vietnamese |= _vietnamese(other_dir / "vi/LC_MESSAGES" / f"{domain}.mo")
    missing = sorted(
        (ctx or "", msgid)
        for ctx, msgid in _source_msgids(locale_dir, domain)
        if msgid and (ctx, msgid) not in vietnamese
    )
    assert not missing, (
        f"no Vietnamese for these strings of {locale_dir} ({domain}); add them to "
        f"src/openvss/locale/vi/LC_MESSAGES/{domain}.po by hand, then `make messages`: {missing}"
    )


def test_the_javascript_catalogue_speaks_the_active_language(client):
    vietnamese = client.get("/jsi18n/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/jsi18n/")
    assert english.status_code == 200
    assert english["Content-Type"].startswith("text/javascript")
    body = english.content.decode()
    # our own djangojs strings, translated from the Vietnamese source (JSON-escaped)
    assert f'{json.dumps("Không đọc được mã QR.")}: "Could not read the QR code."' in body
    assert "Could not read the QR code." not in vietnamese
    assert "django.gettext" in vietnamese


def test_the_static_scripts_put_their_messages_through_gettext():
    """A Vietnamese sentence typed straight into a script would stay Vietnamese in English."""
    scripts = Path(openvss.__file__).parent / "static/js"
    msgids = {e.msgid for e in _entries(OURS["en"][1])}
    sentence = re.compile(r"""(["'`])([^"'`]*[À-ỹ][^"'`]*)\1""")
    for script in sorted(scripts.glob("*.js")):
        source = script.read_text()
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("//"))
        raw = [m.group(2) for m in sentence.finditer(code) if m.group(2) not in msgids]
        assert not raw, f"{script.name}: strings outside gettext(): {raw}"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_english_catalogue_holds_every_message_of_the_sources(tmp_path, domain):
    """A string added to the code or a template without `make messages` would show in
    Vietnamese on an English page: extract the messages afresh and compare."""
    import os
    import shutil
    import subprocess
    import sys

    if not shutil.which("xgettext"):
        if os.environ.get("OPENVSS_REQUIRE_GETTEXT"):
            pytest.fail("xgettext (GNU gettext) is missing")
        pytest.skip("xgettext (GNU gettext) is not installed")
    source = Path(openvss.__file__).parent
    copy = tmp_path / "openvss"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "*.json", "fonts"),
    )
    subprocess.run(
        [sys.executable, "-m", "openvss.cli", "makemessages", "-d", domain, "-l", "en"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = {
        (e.msgctxt, e.msgid) for e in _entries(copy / f"locale/en/LC_MESSAGES/{domain}.po")
    }
    committed = {(e.msgctxt, e.msgid) for e in _entries(LOCALE / f"en/LC_MESSAGES/{domain}.po")}
    missing = sorted(msgid for _ctx, msgid in extracted - committed)
    assert not missing, f"run `make messages` and translate: {missing}"
