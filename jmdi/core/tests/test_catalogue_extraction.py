"""Every translatable string in the code is in the catalogues: running `make messages`
now would add, remove or change no message.

A new `{% translate %}` that nobody extracted is English on every translated page, and
the page tests only catch it on the pages they render; this catches it anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from jmdi.core.tests.test_translations import LANGUAGES, parse_po

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (xgettext)"
)


def _keys(path: Path) -> set[tuple[str | None, str, str | None]]:
    return {
        (e.msgctxt, e.msgid, e.msgid_plural)
        for e in parse_po(path)
        if not e.obsolete and not e.is_header
    }


def test_make_messages_would_change_no_message(tmp_path):
    # makemessages writes into the `locale/` beside the sources it walks, so it runs on a
    # copy of the sources, never on the working tree.
    copy = tmp_path / "project"
    for name in ("jmdi", "config", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *languages, "--no-obsolete"],
        cwd=copy, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    for language in LANGUAGES:
        relative = Path(language) / "LC_MESSAGES" / "django.po"
        committed, extracted = _keys(ROOT / "locale" / relative), _keys(copy / "locale" / relative)
        missing = sorted(str(k) for k in extracted - committed)
        stale = sorted(str(k) for k in committed - extracted)
        assert (missing, stale) == ([], []), (
            f"locale/{relative} is not in step with the code; run `make messages` and "
            f"translate.\nIn the code, not the catalogue: {missing[:10]}\n"
            f"In the catalogue, not the code: {stale[:10]}"
        )
