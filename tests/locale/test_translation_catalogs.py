"""Every word a customer or an agent reads exists in every language we offer.

The strings are taken from the source the way `makemessages` takes them (templates through
Django's templatize, then xgettext), so a new `_("...")` in a module or a new
`{% translate %}` in a portal or console template fails here until de, fr and es have it.
"""

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

SOURCE = Path(settings.PACKAGE_DIR)
LOCALE = SOURCE / "locale"
KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _marked(tmp: Path) -> list[Path]:
    """The files that mark strings, templates turned into Python first."""
    files = []
    for path in sorted(SOURCE.rglob("*")):
        parts = path.relative_to(SOURCE).parts
        template = "templates" in parts and path.suffix in {".html", ".txt"}  # .txt: mail
        if "migrations" in parts or not (path.suffix == ".py" or template):
            continue
        text = path.read_text(encoding="utf-8")
        if "translat" not in text and "gettext" not in text:
            continue
        if template:
            path = tmp / f"{'__'.join(parts)}.py"
            path.write_text(templatize(text, origin=str(path)), encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory) -> set[tuple[str, str]]:
    xgettext = shutil.which("xgettext")
    assert xgettext, "xgettext (the gettext package) is needed to read the source's strings"
    tmp = tmp_path_factory.mktemp("templatized")
    found = subprocess.run(
        [xgettext, "--language=Python", "--from-code=UTF-8", *KEYWORDS, "--output=-"]
        + [str(path) for path in _marked(tmp)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    entries = polib.pofile(found)
    assert len(entries) > 100  # the extraction itself works
    return {(entry.msgctxt or "", entry.msgid) for entry in entries}


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(language, source_msgids):
    done = {
        (entry.msgctxt or "", entry.msgid)
        for entry in _catalog(language)
        if entry.translated() and not entry.obsolete
    }
    missing = sorted(msgid for _context, msgid in source_msgids - {*done})
    assert not missing, f"{language} lacks {len(missing)}: {missing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_entry_is_empty_or_fuzzy(language):
    catalog = _catalog(language)
    assert not catalog.untranslated_entries()
    assert not catalog.fuzzy_entries()


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_current(language):
    """Django reads the .mo: one compiled from an older .po would hide a new translation."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    stale = [
        entry.msgid
        for entry in _catalog(language).translated_entries()
        if not entry.msgid_plural
        and not entry.msgctxt
        and catalog.gettext(entry.msgid) != entry.msgstr
    ]
    assert not stale, f"recompile {language}: msgfmt --check -o django.mo django.po"
