"""Uploaded files (grantees' evidence, the M4D Net's attachments): their type is read
from their content, never from the name alone.

A file passes when its first bytes (and, for the office formats, the parts inside its
ZIP container) say what its extension says: PDF, PNG, JPEG, DOCX, XLSX or ODT. Anything
else, or a file over the size limit (`JMDI_EVIDENCE_MAX_BYTES`, 10 MB by default), is
refused with a message naming the file.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: extension -> the type name stored and shown.
ALLOWED = {
    "pdf": "PDF",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "docx": "DOCX",
    "xlsx": "XLSX",
    "odt": "ODT",
}
CONTENT_TYPES = {
    "PDF": "application/pdf",
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ODT": "application/vnd.oasis.opendocument.text",
}


def max_bytes() -> int:
    return int(getattr(settings, "JMDI_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "ODT"
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "DOCX"
                if "xl/workbook.xml" in names:
                    return "XLSX"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    return None


def sniff(stream: IO[bytes]) -> str | None:
    """The type the content says, or None."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(stream)
        stream.seek(0)
        return kind
    return None


def check_evidence(upload: Any, *, field: str = "file", limit: int | None = None) -> str:
    """The file's type ("PDF", …) or ValidationError({field: …}) naming the file.
    `limit` (bytes) replaces the setting's."""
    name = str(getattr(upload, "name", "") or "")
    limit = limit if limit is not None else max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” is %(size)s: files may be at most %(limit)s. "
                    "Make it smaller or split it."
                )
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                }
            }
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = ALLOWED.get(extension)
    found = sniff(upload)
    if expected is None or found != expected:
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” is not a PDF, PNG, JPEG, Word (DOCX), Excel (XLSX) or "
                    "OpenDocument text (ODT) file, or its content does not match its name. "
                    "Save it in one of these formats and upload it again."
                )
                % {"name": name}
            }
        )
    return expected


#: The name the M4D Net's apps use: the same check, for any uploaded file.
check_upload = check_evidence
