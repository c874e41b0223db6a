"""The translation catalogs are complete, current and well-formed for every edition's language.

A catalog that misses a string, leaves one untranslated or fuzzy, drops a
placeholder or states the wrong plural rule shows English, or fails with a
KeyError, on the pages of that edition; these tests fail first.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
# The languages whose catalogs the project ships (`make messages` builds them).
LANGUAGES = ["ckb", "ar"]
# Names the translations rightly keep as they are.
SAME_IN_EVERY_LANGUAGE = {"RSS", "Atom", "IP"}

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in _PLACEHOLDER.finditer(text))


def label(entry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalog(language)
    assert len(po) > 500
    untranslated = [label(e) for e in po.untranslated_entries()]
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:20]}"
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_the_english_copied_across(language):
    copied = [
        label(e)
        for e in po_entries(language)
        if e.msgstr == e.msgid and e.msgid not in SAME_IN_EVERY_LANGUAGE
        if re.search(r"[A-Za-z]{3}", e.msgid)
    ]
    assert not copied, f"English left as the {language} translation: {copied[:20]}"


def po_entries(language):
    return [e for e in catalog(language) if e.translated()]


def _plural_forms_used_once(po: polib.POFile) -> set[int]:
    """The plural forms that stand for one number only (Arabic: 0, 1 and 2)."""
    rule = gettext.c2py(re.search(r"plural=(.*?);?$", po.metadata["Plural-Forms"]).group(1))
    numbers: dict[int, list[int]] = {}
    for n in range(0, 1001):
        numbers.setdefault(rule(n), []).append(n)
    return {form for form, ns in numbers.items() if len(ns) == 1}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english(language):
    po = catalog(language)
    once = _plural_forms_used_once(po)
    wrong = []
    for entry in po.translated_entries():
        if not entry.msgid_plural:
            if placeholders(entry.msgstr) != placeholders(entry.msgid):
                wrong.append((label(entry), entry.msgstr))
            continue
        expected = set(placeholders(entry.msgid_plural)) | set(placeholders(entry.msgid))
        for form, text in entry.msgstr_plural.items():
            found = set(placeholders(text))
            # A form for one number only may say the number in words ("تعليقان").
            missing = expected - found
            if found - expected or (missing and int(form) not in once):
                wrong.append((label(entry), form, text))
    assert not wrong, wrong


def test_plural_rule_of_each_catalog_is_the_one_django_uses_for_the_language():
    for language in LANGUAGES:
        ours = catalog(language).metadata
        djangos = polib.pofile(
            str(Path(django.__file__).parent / "conf/locale" / language / "LC_MESSAGES/django.po")
        ).metadata
        assert ours["Plural-Forms"] == djangos["Plural-Forms"], language
        assert ours["Language"] == language
    assert catalog("ar").metadata["Plural-Forms"].startswith("nplurals=6;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    """The committed .mo is what msgfmt makes of the .po (run `make messages` after editing)."""
    po = catalog(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def key(entry):
        return (entry.msgctxt, entry.msgid)

    compiled = {key(e): (e.msgstr, dict(e.msgstr_plural)) for e in mo if e.msgid}
    source = {
        key(e): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in po.translated_entries()
    }
    stale = sorted(str(k) for k in set(compiled) ^ set(source))
    assert not stale, f"{language}: .mo and .po differ in entries {stale[:10]}"
    changed = [k for k in source if source[k] != compiled[k]]
    assert not changed, f"{language}: .mo out of date for {changed[:10]}"
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]


def test_catalogs_hold_every_string_the_source_marks(tmp_path):
    """`make messages` on a copy of the project adds nothing and drops nothing."""
    tools = [shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt", "make")]
    if not all(tools):
        if os.environ.get("NEWSROOM_REQUIRE_GETTEXT") == "1":
            pytest.fail("gettext (xgettext, msgmerge, msgfmt) is needed: apt-get install gettext")
        pytest.skip("gettext is not installed (apt-get install gettext)")
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "media", "staticfiles", "artifacts", "docs", "*.sqlite3"
        ),
    )
    environment = {**os.environ, "DJANGO_DEBUG": "1"}
    environment.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own Makefile
        ["make", "-s", "messages", "STAMP=", f"BIN={Path(sys.executable).parent}"],  # noqa: S607
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for language in LANGUAGES:
        ours = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalog(language)}
        fresh_po = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        fresh = {(e.msgctxt, e.msgid, e.msgid_plural) for e in fresh_po if not e.obsolete}
        assert not fresh - ours, f"marked in the source, missing from {language}: {fresh - ours}"
        assert not ours - fresh, f"in {language} but no longer in the source: {ours - fresh}"
