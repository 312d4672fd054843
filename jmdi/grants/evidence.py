"""What an evidence file is, read from its content rather than its name.

A file is accepted when its first bytes carry the signature of one of the kinds a grantee
sends (PDF, PNG, JPEG, and the Office Open XML documents DOCX and XLSX, which are ZIP
archives told apart by the part they hold), when its name's extension says the same kind,
and when it is within the size limit. No extra library: the signatures are fixed by the
formats themselves.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jmdi.grants.models import EVIDENCE_MAX_BYTES

EXTENSIONS = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "docx": "docx",
    "xlsx": "xlsx",
}


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def kind_of(stream: IO[bytes]) -> str | None:
    """ "pdf", "png", "jpg", "docx", "xlsx", or None for anything else."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def check_evidence(file: Any) -> str:
    """The file's kind, or ValidationError on the `evidence` field saying what to do."""
    size = getattr(file, "size", None)
    limit = int(getattr(settings, "JMDI_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES))
    if size is not None and size > limit:
        raise ValidationError(
            {
                "evidence": _("The file is larger than %(limit)s MB; upload a smaller one.")
                % {"limit": limit // (1024 * 1024)}
            }
        )
    kind = kind_of(file)
    name = str(getattr(file, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or EXTENSIONS.get(extension) != kind:
        raise ValidationError(
            {
                "evidence": _(
                    "Upload a PDF, PNG, JPEG, Word (DOCX) or Excel (XLSX) file whose content "
                    "matches its name; this file is not one of them."
                )
            }
        )
    return kind
