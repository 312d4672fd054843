"""Bulk import of initiatives from a spreadsheet (XLSX or CSV): all or nothing.

The file is read once, streaming, and every row is checked before anything is written:
each problem is kept as (row as the spreadsheet numbers it, column header as the file
writes it, reason with the fix). If there is any problem, nothing is written. Otherwise
everything is written in one transaction: new initiatives created, those whose
reference exists updated only where something changed, the others counted unchanged;
importing the same file twice creates nothing the second time.

    check_upload(uploaded)            -> "xlsx" | "csv", or ValidationError with the fix
    import_initiatives(actor=, programme=, file=, kind=, progress=) -> ImportResult
    start_import(actor=, programme=, uploaded=) -> Job   (small files inline, large in
                                                          the background, with progress)
    import_result(job)                -> the stored ImportResult of a finished job
    template_workbook()               -> bytes of an XLSX with the headers and an example

Lookups (countries, themes, organisations, the initiatives already there) are read once
into dictionaries; rows are written with bulk inserts in batches, history included.
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import datetime as dt
import io
import json
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_countries import countries as iso_countries
from simple_history.models import HistoricalRecords

from jmdi.core.jobs import running
from jmdi.core.models import Job
from jmdi.directory.models import Country, Organisation
from jmdi.initiatives import permissions
from jmdi.initiatives.models import (
    GenderDimension,
    Initiative,
    InitiativePartner,
    PartnerRole,
    Setting,
    TargetGroup,
    Theme,
)
from jmdi.initiatives.signals import initiatives_written

#: Files above this size are refused before they are read.
MAX_UPLOAD_BYTES: int = getattr(settings, "JMDI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
#: Rows above this number are refused (split the file).
MAX_ROWS: int = getattr(settings, "JMDI_IMPORT_MAX_ROWS", 50_000)
#: Files of at most this many rows are imported while the person waits.
INLINE_ROWS: int = getattr(settings, "JMDI_IMPORT_INLINE_ROWS", 200)
#: An XLSX whose parts unpack to more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
BATCH = 500
JOB_KIND = "initiatives.import"
CHANGE_REASON = "import"


# --- Columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # the English header, translatable
    headers: tuple[str, ...]  # the headers accepted (English, French, Spanish, variants)
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("reference", gettext_lazy("Reference"), ("Référence", "Referencia", "Ref"), True),
    Column("title", gettext_lazy("Title"), ("Titre", "Título"), True),
    Column("summary", gettext_lazy("Summary"), ("Résumé", "Resumen")),
    Column("language", gettext_lazy("Language"), ("Langue", "Idioma")),
    Column(
        "lead_authority",
        gettext_lazy("Lead authority"),
        (
            "Lead local authority",
            "Autorité chef de file",
            "Collectivité chef de file",
            "Autorité locale chef de file",
            "Autoridad líder",
            "Autoridad local líder",
        ),
        True,
    ),
    Column(
        "lead_country",
        gettext_lazy("Lead country"),
        ("Country", "Pays chef de file", "Pays", "País líder", "País"),
        True,
    ),
    Column("partners", gettext_lazy("Partners"), ("Partenaires", "Socios")),
    Column(
        "origin_countries",
        gettext_lazy("Origin countries"),
        ("Countries of origin", "Pays d'origine", "Países de origen"),
    ),
    Column(
        "destination_countries",
        gettext_lazy("Destination countries"),
        ("Countries of destination", "Pays de destination", "Países de destino"),
    ),
    Column("south_south", gettext_lazy("South-South"), ("Sud-Sud", "Sur-Sur")),
    Column(
        "migration_contexts",
        gettext_lazy("Migration contexts"),
        ("Migration context", "Contextes migratoires", "Contextos migratorios"),
    ),
    Column("themes", gettext_lazy("Themes"), ("Thèmes", "Temas")),
    Column(
        "gender_dimension",
        gettext_lazy("Gender dimension"),
        ("Dimension de genre", "Dimensión de género"),
    ),
    Column(
        "target_groups",
        gettext_lazy("Target groups"),
        ("Groupes cibles", "Grupos destinatarios", "Grupos meta"),
    ),
    Column(
        "setting",
        pgettext_lazy("urban or rural", "Setting"),
        ("Urban or rural", "Milieu", "Urbain ou rural", "Entorno", "Urbano o rural"),
    ),
    Column("start", gettext_lazy("Start"), ("Start date", "Début", "Date de début", "Inicio")),
    Column("end", gettext_lazy("End"), ("End date", "Fin", "Date de fin", "Fecha de fin")),
    Column("budget", gettext_lazy("Budget"), ("Presupuesto",)),
    Column("currency", gettext_lazy("Currency"), ("Devise", "Monnaie", "Moneda")),
    Column("results", gettext_lazy("Results"), ("Results so far", "Résultats", "Resultados")),
    Column("sources", gettext_lazy("Sources"), ("Fuentes",)),
    Column("status", gettext_lazy("Status"), ("Statut", "Estado")),
    Column("published", gettext_lazy("Published"), ("Publié", "Publicado")),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}

EXAMPLE_ROW = (
    "MA-017",
    "Diaspora investment in Oujda's water services",
    "Migrants' associations co-finance the extension of the water network.",
    "en",
    "Commune d'Oujda",
    "MA",
    "Association Migrations et Développement (implementing); Ville de Montpellier [FR] (co_lead)",
    "MA",
    "FR; ES",
    "no",
    "emigration; return",
    "economic_development; services",
    "mainstreamed",
    "diaspora; women",
    "urban",
    "2014-03-01",
    "2016-02-29",
    "125000.00",
    "EUR",
    "",
    "Mapping 2013",
    "mapped",
    "no",
)


def normalise(text: str) -> str:
    """Accents, case, apostrophes, dashes and repeated spaces do not count."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = re.sub(r"[\u2019\u2018`\u00b4]", "'", stripped).casefold()
    return re.sub(r"[\s_\-]+", " ", stripped).strip()


def _header_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for column in COLUMNS:
        keys[normalise(column.key)] = column.key
        keys[normalise(str(column.label))] = column.key
        for language in ("en", "fr", "es", "ar"):
            with translation.override(language):
                keys[normalise(str(column.label))] = column.key
        for header in column.headers:
            keys[normalise(header)] = column.key
    return keys


# --- Results ----------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class ImportResult:
    ok: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    organisations_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_name: str = ""

    def as_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> ImportResult:
        raw = json.loads(data)
        raw["errors"] = [RowError(**error) for error in raw.get("errors", [])]
        return cls(**raw)

    def errors_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_("Row"), _("Column"), _("Problem")])
        for error in self.errors:
            writer.writerow([error.row or "", error.column, error.reason])
        return ("\ufeff" + buffer.getvalue()).encode()


class _Bad(Exception):
    """One cell's problem, with the words to show."""


# --- The file ---------------------------------------------------------------------------


def check_upload(uploaded: Any) -> str:
    """The kind of file ("xlsx" or "csv") after checking its name, size and content."""
    name = str(getattr(uploaded, "name", "") or "")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ("xlsx", "csv"):
        if extension in ("xls", "ods", "xlsm"):
            raise ValidationError(
                _(
                    "This is a .%(extension)s file. Save it as an Excel workbook (.xlsx) or "
                    "as CSV, then upload it again."
                )
                % {"extension": extension}
            )
        raise ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller "
                "files and import them one after the other."
            )
            % {"size": round(size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    if size == 0:
        raise ValidationError(_("The file is empty. Choose the file holding the initiatives."))
    uploaded.seek(0)
    if extension == "xlsx":
        _check_xlsx(uploaded)
    else:
        _decode_csv(uploaded.read(MAX_UPLOAD_BYTES + 1))
    uploaded.seek(0)
    return extension


def _check_xlsx(file: IO[bytes]) -> None:
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx), although its name says so. Open it in "
        "your spreadsheet program and save it as .xlsx or as CSV."
    )
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(not_xlsx) from exc
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(not_xlsx)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook is too large once unpacked. Split it into smaller files.")
        )


def _decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _(
            "The CSV file's characters cannot be read. Save it again as “CSV UTF-8” in your "
            "spreadsheet program, then upload it again."
        )
    )


def read_table(file: IO[bytes], kind: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the spreadsheet shows it, the cells) for every row, streaming."""
    if kind == "xlsx":
        yield from _read_xlsx(file)
    else:
        yield from _read_csv(file)


def _read_xlsx(file: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ValidationError(
            _("The workbook cannot be read (%(error)s). Open it and save it again as .xlsx.")
            % {"error": exc.__class__.__name__}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _read_csv(file: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    text = _decode_csv(file.read())
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from enumerate(reader, start=1)


# --- Cells ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _month_name(month: int) -> str:
    return str(MONTHS[month])


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(part) for part in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise _Bad(
            _("Not a date: “%(value)s”. Write the date as YYYY-MM-DD, e.g. 2014-03-31.")
            % {"value": text}
        )
    if not 1 <= month <= 12:
        raise _Bad(
            _(
                "Not a date: there is no month %(month)s. Write the date as YYYY-MM-DD "
                "(dates with slashes are read day first: dd/mm/yyyy)."
            )
            % {"month": month}
        )
    if year < 1900 or year > 2100:
        raise _Bad(_("The year %(year)s is not plausible. Check the date.") % {"year": year})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        if month == 2:
            raise _Bad(
                _("Not a date: February %(year)s has %(days)s days. Check the day.")
                % {"year": year, "days": days}
            )
        raise _Bad(
            _("Not a date: %(month)s has %(days)s days. Check the day.")
            % {"month": _month_name(month), "days": days}
        )
    return dt.date(year, month, day)


def parse_amount(value: Any) -> Decimal:
    """A non-negative amount to the cent; "1 234,50" and "1,234.50" both read 1234.50;
    "1,234" (a thousands separator or a decimal comma?) is refused."""
    if isinstance(value, bool):
        raise _Bad(_("Write the budget as a number, e.g. 125000.00."))
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
    else:
        text = re.sub(r"[\s\u00a0\u202f']", "", _text(value))
        negative = text.startswith("-")
        digits = text.lstrip("+-")
        amount = _read_number(digits, text)
        if negative:
            amount = -amount
    if amount < 0:
        raise _Bad(_("The budget cannot be negative. Write the amount without a minus sign."))
    if amount != amount.quantize(Decimal("0.01")):
        raise _Bad(_("The budget has more than two decimals. Round it to the cent, e.g. 1234.50."))
    if amount >= Decimal("1e12"):
        raise _Bad(_("The budget is too large. Check the amount."))
    return amount.quantize(Decimal("0.01"))


def _read_number(digits: str, written: str) -> Decimal:
    not_number = _("“%(value)s” is not an amount. Write it as a number, e.g. 125000.00.") % {
        "value": written
    }
    ambiguous = _(
        "“%(value)s” can be read two ways. Write it without a thousands separator, e.g. "
        "1234.50 or 1234,50."
    ) % {"value": written}
    if not re.fullmatch(r"[\d.,]+", digits) or not re.search(r"\d", digits):
        raise _Bad(not_number)
    if "," in digits and "." in digits:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _mark, cents = digits.rpartition(decimal_mark)
        if not re.fullmatch(rf"\d{{1,3}}(\{grouping}\d{{3}})*", whole) or not cents.isdigit():
            raise _Bad(not_number)
        return Decimal(whole.replace(grouping, "") + "." + cents)
    for mark in (",", "."):
        if mark in digits:
            if digits.count(mark) > 1:
                if not re.fullmatch(rf"\d{{1,3}}(\{mark}\d{{3}})+", digits):
                    raise _Bad(not_number)
                return Decimal(digits.replace(mark, ""))
            whole, _mark, decimals = digits.partition(mark)
            if not whole.isdigit() or not decimals.isdigit():
                raise _Bad(not_number)
            if len(decimals) == 3:
                raise _Bad(ambiguous)
            return Decimal(whole + "." + decimals)
    return Decimal(digits)


_BOOLEANS = {
    **dict.fromkeys(("yes", "true", "1", "oui", "si", "vrai", "verdadero", "y"), True),
    **dict.fromkeys(("no", "false", "0", "non", "faux", "falso", "n", ""), False),
}


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = normalise(_text(value))
    if key not in _BOOLEANS:
        raise _Bad(_("Write yes or no (or leave the cell empty for no)."))
    return _BOOLEANS[key]


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;,\n]", _text(value)) if part.strip()]


def _labels(pairs: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Codes and labels (in the platform's four languages) to codes."""
    mapping: dict[str, str] = {}
    pairs = [(value, label) for value, label in pairs if value]
    for language in ("en", "fr", "es", "ar"):
        with translation.override(language):
            for value, label in pairs:
                mapping[normalise(str(label))] = value
    for value, _label in pairs:
        mapping[normalise(value)] = value
    return mapping


_CONTEXTS = {
    "emigration": "emigration",
    "emigracion": "emigration",
    "immigration": "immigration",
    "inmigracion": "immigration",
    "transit": "transit",
    "transito": "transit",
    "return": "return_migration",
    "return migration": "return_migration",
    "retour": "return_migration",
    "retorno": "return_migration",
    "refugees": "refugees",
    "refugee": "refugees",
    "refugies": "refugees",
    "refugiados": "refugees",
    "displacement": "refugees",
}
CONTEXT_FIELDS = ("emigration", "immigration", "transit", "return_migration", "refugees")

_LANGUAGES = {
    **dict.fromkeys(("en", "english", "anglais", "ingles"), "en"),
    **dict.fromkeys(("fr", "french", "francais", "frances"), "fr"),
    **dict.fromkeys(("es", "spanish", "espagnol", "espanol", "castellano"), "es"),
    **dict.fromkeys(("ar", "arabic", "arabe", "العربية"), "ar"),
}


# --- Validation -------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    lead: tuple[str, str, str]  # country code, name key, name as written
    partners: list[tuple[str, str, str, str]]  # country code, name key, name, role


class _Lookups:
    """Everything a row is checked against, read once."""

    def __init__(self) -> None:
        self.countries = {str(code): pk for pk, code in Country.objects.values_list("pk", "code")}
        self.iso = {code for code, _name in iso_countries}
        self.new_countries: set[str] = set()
        self.themes = {normalise(code): pk for pk, code in Theme.objects.values_list("pk", "code")}
        self.theme_codes = sorted(Theme.objects.values_list("code", flat=True))
        self.gender = _labels(GenderDimension.choices)
        self.groups = _labels(TargetGroup.choices)
        self.settings = _labels(Setting.choices)
        self.statuses = _labels(Initiative.Status.choices)
        self.roles = _labels(PartnerRole.choices)
        for value in PartnerRole.values:  # "co-lead", "implementing"
            self.roles[normalise(value.split("_")[0])] = value
        self.roles["co lead"] = PartnerRole.CO_LEAD

    def country(self, code: str, *, directory_only: bool) -> str:
        """The code of a directory country (or of one to add to it); _Bad otherwise."""
        code = code.strip().upper()
        if code in self.countries:
            return code
        if code == "UK":
            raise _Bad(_("UK is not an ISO 3166 code: write GB for the United Kingdom."))
        if code not in self.iso:
            raise _Bad(
                _(
                    "“%(code)s” is not a country code. Write the two-letter ISO 3166 code, "
                    "e.g. MA for Morocco or SN for Senegal."
                )
                % {"code": code}
            )
        if directory_only:
            raise _Bad(
                _(
                    "%(code)s is not one of the programme's countries in the directory (%(list)s). "
                    "Check the code, or ask for the country to be added first."
                )
                % {"code": code, "list": ", ".join(sorted(self.countries))}
            )
        self.new_countries.add(code)
        return code


def _choice(mapping: dict[str, str], value: Any, allowed: Iterable[str]) -> str:
    key = normalise(_text(value))
    if key not in mapping:
        raise _Bad(
            _("“%(value)s” is not one of the choices. Write one of: %(choices)s.")
            % {"value": _text(value), "choices": ", ".join(allowed)}
        )
    return mapping[key]


def _check_row(
    number: int,
    cells: dict[str, Any],
    headers: dict[str, str],
    lookups: _Lookups,
    errors: list[RowError],
) -> _Row | None:
    values: dict[str, Any] = {}
    bad = False

    def problem(key: str, reason: str) -> None:
        nonlocal bad
        bad = True
        errors.append(RowError(number, headers.get(key, str(COLUMN_BY_KEY[key].label)), reason))

    def text(key: str, limit: int | None = None, message: str = "") -> str:
        value = _text(cells.get(key))
        if limit is not None and len(value) > limit:
            problem(
                key,
                _("Too long: %(length)s characters; at most %(limit)s.")
                % {"length": len(value), "limit": limit},
            )
        if message and not value:
            problem(key, message)
        return value

    values["reference"] = text("reference", 40, _("Enter the initiative's reference, e.g. MA-017."))
    values["title"] = text("title", 300, _("Enter the initiative's title."))
    for key in ("summary", "results", "sources"):
        if key in cells:
            values[key] = text(key)
    if "language" in cells:
        language = normalise(_text(cells["language"])) or "en"
        if language in _LANGUAGES:
            values["language"] = _LANGUAGES[language]
        else:
            problem("language", _("Write the language as en, fr, es or ar."))

    country = ""
    code = _text(cells.get("lead_country"))
    if not code:
        problem("lead_country", _("Enter the lead authority's country as its ISO code, e.g. MA."))
    else:
        try:
            country = lookups.country(code, directory_only=True)
        except _Bad as exc:
            problem("lead_country", str(exc))
    lead_name = re.sub(r"\s+", " ", text("lead_authority", 250))
    if not lead_name:
        problem(
            "lead_authority",
            _(
                "The lead authority is missing. Enter the name of the local authority that "
                "leads the initiative, e.g. Commune d'Oujda."
            ),
        )
    lead = (country, normalise(lead_name), lead_name)

    partners: list[tuple[str, str, str, str]] = []
    if "partners" in cells:
        seen_partners: set[tuple[str, str]] = set()
        for spec in [p.strip() for p in re.split(r"[;\n]", _text(cells["partners"])) if p.strip()]:
            try:
                partner = _partner(spec, country, lookups)
            except _Bad as exc:
                problem("partners", str(exc))
                continue
            partner_key = (partner[0], partner[1])
            if partner_key == (lead[0], lead[1]):
                problem(
                    "partners",
                    _("%(name)s is the lead authority: remove it from the partners.")
                    % {"name": partner[2]},
                )
            elif partner_key in seen_partners:
                problem(
                    "partners", _("%(name)s is listed twice. Keep it once.") % {"name": partner[2]}
                )
            seen_partners.add(partner_key)
            partners.append(partner)

    for key in ("origin_countries", "destination_countries"):
        if key in cells:
            codes: set[str] = set()
            for code in _split(cells[key]):
                try:
                    lookups.country(code, directory_only=False)
                    codes.add(code.upper())
                except _Bad as exc:
                    problem(key, str(exc))
            values[key] = codes
    for key in ("south_south", "published"):
        if key in cells:
            try:
                values[key] = parse_boolean(cells[key])
            except _Bad as exc:
                problem(key, str(exc))
    if "migration_contexts" in cells:
        chosen = set()
        for word in _split(cells["migration_contexts"]):
            if normalise(word) in _CONTEXTS:
                chosen.add(_CONTEXTS[normalise(word)])
            else:
                problem(
                    "migration_contexts",
                    _(
                        "“%(value)s” is not a migration context. Write any of: emigration, "
                        "immigration, transit, return, refugees."
                    )
                    % {"value": word},
                )
        for name in CONTEXT_FIELDS:
            values[name] = name in chosen
    if "themes" in cells:
        themes = set()
        for word in _split(cells["themes"]):
            key = normalise(word)
            if key in lookups.themes:
                themes.add(lookups.themes[key])
            else:
                problem(
                    "themes",
                    _("“%(value)s” is not a theme. Write theme codes among: %(choices)s.")
                    % {"value": word, "choices": ", ".join(lookups.theme_codes)},
                )
        values["themes"] = themes
    choices = (
        ("gender_dimension", lookups.gender, GenderDimension.values),
        ("setting", lookups.settings, Setting.values),
    )
    for key, mapping, allowed in choices:
        if key in cells:
            if not _text(cells[key]):
                values[key] = ""
                continue
            try:
                values[key] = _choice(mapping, cells[key], [a for a in allowed if a])
            except _Bad as exc:
                problem(key, str(exc))
    if "target_groups" in cells:
        groups = set()
        for word in _split(cells["target_groups"]):
            try:
                groups.add(_choice(lookups.groups, word, TargetGroup.values))
            except _Bad as exc:
                problem("target_groups", str(exc))
        values["target_groups"] = [g for g in TargetGroup.values if g in groups]
    if "status" in cells and _text(cells["status"]):
        try:
            values["status"] = _choice(lookups.statuses, cells["status"], Initiative.Status.values)
        except _Bad as exc:
            problem("status", str(exc))
    for key, name in (("start", "start_date"), ("end", "end_date")):
        if key in cells:
            values[name] = None
            if _text(cells[key]):
                try:
                    values[name] = parse_date(cells[key])
                except _Bad as exc:
                    problem(key, str(exc))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        problem(
            "end",
            _("The end (%(end)s) is before the start (%(start)s). Check both dates.")
            % {"end": values["end_date"], "start": values["start_date"]},
        )
    if "budget" in cells:
        values["budget"] = None
        if _text(cells["budget"]):
            try:
                values["budget"] = parse_amount(cells["budget"])
            except _Bad as exc:
                problem("budget", str(exc))
    if "currency" in cells:
        currency = _text(cells["currency"]).upper() or "EUR"
        if re.fullmatch(r"[A-Z]{3}", currency):
            values["budget_currency"] = currency
        else:
            problem("currency", _("Write the currency as its three-letter code, e.g. EUR or USD."))
    if bad:
        return None
    return _Row(number, values, lead, partners)


def _partner(spec: str, lead_country: str, lookups: _Lookups) -> tuple[str, str, str, str]:
    """ "Name [CC] (role)": the country defaults to the lead's, the role to implementing."""
    role = PartnerRole.IMPLEMENTING.value
    name = spec
    if match := re.fullmatch(r"(.*?)\s*\(([^()]*)\)\s*", spec):
        name, written_role = match.groups()
        key = normalise(written_role)
        if key not in lookups.roles:
            raise _Bad(
                _(
                    "“%(role)s” is not a partner's role. Write the role in brackets after "
                    "the name, one of: %(choices)s, e.g. Association Tanmia (implementing)."
                )
                % {"role": written_role, "choices": ", ".join(PartnerRole.values)}
            )
        role = lookups.roles[key]
    country = lead_country
    if match := re.fullmatch(r"(.*?)\s*\[([^\[\]]*)\]\s*", name):
        name, code = match.groups()
        country = lookups.country(code, directory_only=False)
    name = re.sub(r"\s+", " ", name).strip()
    if not name:
        raise _Bad(_("A partner has no name. Write partners as “Name (role); Name (role)”."))
    if len(name) > 250:
        raise _Bad(_("A partner's name is longer than 250 characters."))
    return (country, normalise(name), name, role)


def _read_header(
    cells: list[Any], errors: list[RowError], number: int
) -> tuple[dict[int, str], dict[str, str]]:
    """Column positions to keys, and keys to the headers as the file writes them."""
    known = _header_keys()
    positions: dict[int, str] = {}
    headers: dict[str, str] = {}
    for position, cell in enumerate(cells):
        written = _text(cell)
        if not written:
            continue
        key = known.get(normalise(written))
        if key is None:
            errors.append(
                RowError(
                    number,
                    written,
                    _(
                        "Unknown column “%(header)s”. Rename it to one of the template's "
                        "headers, or delete the column."
                    )
                    % {"header": written},
                )
            )
        elif key in headers:
            errors.append(
                RowError(
                    number,
                    written,
                    _("Two columns are “%(header)s”. Keep one.") % {"header": headers[key]},
                )
            )
        else:
            positions[position] = key
            headers[key] = written
    for column in COLUMNS:
        if column.required and column.key not in headers:
            errors.append(
                RowError(
                    number,
                    str(column.label),
                    _("The column “%(header)s” is missing. Add it, as in the template.")
                    % {"header": column.label},
                )
            )
    return positions, headers


def validate(
    table: Iterable[tuple[int, list[Any]]],
    progress: Callable[[int, str], None] | None = None,
    total: int | None = None,
) -> tuple[list[_Row], list[RowError], set[str], set[str]]:
    """Every row checked; the rows, the problems, the header keys present, and the
    country codes to add to the directory."""
    errors: list[RowError] = []
    rows: list[_Row] = []
    positions: dict[int, str] | None = None
    headers: dict[str, str] = {}
    lookups = _Lookups()
    by_reference: dict[str, int] = {}
    by_content: dict[tuple[str, ...], int] = {}
    for number, cells in table:
        if not any(_text(cell) for cell in cells):
            continue
        if positions is None:
            positions, headers = _read_header(cells, errors, number)
            if errors:
                break
            continue
        if len(rows) + 1 > MAX_ROWS:
            errors.append(
                RowError(
                    number,
                    "",
                    _("The file has more than %(limit)s rows. Split it into smaller files.")
                    % {"limit": MAX_ROWS},
                )
            )
            break
        values = {key: cells[i] if i < len(cells) else None for i, key in positions.items()}
        errors_before = len(errors)
        row = _check_row(number, values, headers, lookups, errors)
        reference = _text(values.get("reference"))
        content = tuple(
            _text(values.get(key)) for key in sorted(positions.values()) if key != "reference"
        )
        if reference and reference in by_reference:
            errors.append(
                RowError(
                    number,
                    headers["reference"],
                    _(
                        "The reference %(reference)s is already on row %(row)s. Each "
                        "initiative appears once: delete one of the rows or give it its own "
                        "reference."
                    )
                    % {"reference": reference, "row": by_reference[reference]},
                )
            )
        elif content in by_content:
            errors.append(
                RowError(
                    number,
                    "",
                    _("This row repeats row %(row)s. Delete one of them.")
                    % {"row": by_content[content]},
                )
            )
        by_reference.setdefault(reference, number)
        by_content.setdefault(content, number)
        if row is not None and len(errors) == errors_before:
            rows.append(row)
        rows_seen = len(rows) + len({e.row for e in errors})
        if progress is not None and rows_seen % 250 == 0:
            share = rows_seen / total if total else 0.5
            progress(
                int(5 + 55 * min(share, 1.0)),
                _("Checking the rows: %(count)s read") % {"count": rows_seen},
            )
    if positions is None and not errors:
        errors.append(
            RowError(
                1,
                "",
                _("The file has no header row. Start from the template: headers on row 1."),
            )
        )
    elif positions is not None and not rows and not errors:
        errors.append(
            RowError(
                0, "", _("The file has headers but no initiative. Add one row per initiative.")
            )
        )
    return rows, errors, set(headers), lookups.new_countries


# --- Writing ----------------------------------------------------------------------------

SCALAR_FIELDS = (
    "title",
    "summary",
    "language",
    "lead_authority_id",
    "country_id",
    "south_south",
    *CONTEXT_FIELDS,
    "gender_dimension",
    "target_groups",
    "setting",
    "start_date",
    "end_date",
    "budget",
    "budget_currency",
    "results",
    "sources",
    "published",
)
M2M_FIELDS = ("origin_countries", "destination_countries", "themes")
_M2M_TARGET = {"origin_countries": "country", "destination_countries": "country", "themes": "theme"}


def _organisations(
    rows: list[_Row], country_ids: dict[str, int]
) -> tuple[dict[tuple[str, str], int], int, Any]:
    """The directory's organisation for each (country, name key) the file names, created
    when absent; returns the mapping, how many were created, and their objects."""
    wanted: dict[tuple[str, str], tuple[str, str]] = {}
    for row in rows:
        wanted.setdefault(row.lead[:2], (row.lead[2], Organisation.Kind.LOCAL_AUTHORITY))
        for country, key, name, role in row.partners:
            kind = (
                Organisation.Kind.LOCAL_AUTHORITY
                if role == PartnerRole.CO_LEAD
                else Organisation.Kind.OTHER
            )
            wanted.setdefault((country, key), (name, kind))
    found: dict[tuple[str, str], int] = {}
    countries = sorted({country_ids[country] for country, _key in wanted})
    existing = (
        Organisation.objects.filter(country_id__in=countries)
        .order_by("pk")
        .values_list("pk", "country__code", "name")
    )
    for pk, code, name in existing.iterator(chunk_size=2000):
        found_key = (str(code), normalise(name))
        if found_key in wanted and found_key not in found:
            found[found_key] = pk
    missing = [key for key in wanted if key not in found]
    objects = [
        Organisation(name=wanted[key][0], kind=wanted[key][1], country_id=country_ids[key[0]])
        for key in missing
    ]
    return found, len(objects), (missing, objects)


def _m2m_history(
    historical: list[Any], field_name: str, through_rows: dict[int, list[Any]]
) -> None:
    model_field = Initiative._meta.get_field(field_name)
    history_model = HistoricalRecords.m2m_models[model_field]
    target = _M2M_TARGET[field_name]
    history_model.objects.bulk_create(
        [
            history_model(
                history=record,
                id=row.pk,
                initiative_id=row.initiative_id,
                **{f"{target}_id": getattr(row, f"{target}_id")},
            )
            for record in historical
            for row in through_rows.get(record.id, [])
        ],
        batch_size=BATCH,
    )


def _write(
    *,
    actor: Any,
    programme: Any,
    rows: list[_Row],
    present: set[str],
    new_countries: set[str],
    result: ImportResult,
) -> None:
    now = timezone.now()
    if new_countries:
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            [Country(code=code) for code in sorted(new_countries)],
            Country,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
    country_ids = {str(code): pk for pk, code in Country.objects.values_list("pk", "code")}
    organisations, created_count, (missing, new_objects) = _organisations(rows, country_ids)
    if new_objects:
        from simple_history.utils import bulk_create_with_history

        created = bulk_create_with_history(
            new_objects,
            Organisation,
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
        for key, organisation in zip(missing, created, strict=True):
            organisations[key] = organisation.pk
    result.organisations_created = created_count

    references = [row.values["reference"] for row in rows]
    existing: dict[str, Initiative] = {}
    for start in range(0, len(references), BATCH):
        chunk = references[start : start + BATCH]
        for found in Initiative.objects.select_for_update().filter(
            programme=programme, reference__in=chunk
        ):
            existing[found.reference] = found
    existing_ids = [found.pk for found in existing.values()]
    current_m2m: dict[str, dict[int, set[int]]] = {name: {} for name in M2M_FIELDS}
    current_partners: dict[int, dict[int, InitiativePartner]] = {}
    for start in range(0, len(existing_ids), BATCH):
        chunk = existing_ids[start : start + BATCH]
        for name in M2M_FIELDS:
            through = getattr(Initiative, name).through
            target = _M2M_TARGET[name]
            for initiative_id, target_id in through.objects.filter(
                initiative_id__in=chunk
            ).values_list("initiative_id", f"{target}_id"):
                current_m2m[name].setdefault(initiative_id, set()).add(target_id)
        for partner in InitiativePartner.objects.filter(initiative_id__in=chunk):
            current_partners.setdefault(partner.initiative_id, {})[partner.organisation_id] = (
                partner
            )

    to_create: list[tuple[Initiative, _Row]] = []
    to_update: list[tuple[Initiative, _Row]] = []
    changed_fields: set[str] = set()
    m2m_wanted: dict[str, dict[str, set[int]]] = {name: {} for name in M2M_FIELDS}
    partners_wanted: dict[str, dict[int, str]] = {}
    for row in rows:
        values = dict(row.values)
        values["lead_authority_id"] = organisations[row.lead[:2]]
        values["country_id"] = country_ids[row.lead[0]]
        reference = values["reference"]
        for name in ("origin_countries", "destination_countries"):
            if name in values:
                m2m_wanted[name][reference] = {country_ids[c] for c in values.pop(name)}
        if "themes" in values:
            m2m_wanted["themes"][reference] = values.pop("themes")
        if "partners" in present:
            partners_wanted[reference] = {
                organisations[(country, key)]: role for country, key, _name, role in row.partners
            }
        initiative: Initiative | None = existing.get(reference)
        if initiative is None:
            new = Initiative(programme=programme, **values)
            new.created_at = new.updated_at = now
            to_create.append((new, row))
            continue
        values.pop("status", None)  # after the mapping, status moves through rounds/contracts
        differs = {name for name, value in values.items() if getattr(initiative, name) != value} - {
            "reference"
        }
        m2m_differs = any(
            reference in m2m_wanted[name]
            and m2m_wanted[name][reference] != current_m2m[name].get(initiative.pk, set())
            for name in M2M_FIELDS
        )
        partners_differ = reference in partners_wanted and partners_wanted[reference] != {
            org: p.role for org, p in current_partners.get(initiative.pk, {}).items()
        }
        if not (differs or m2m_differs or partners_differ):
            result.unchanged += 1
            continue
        for name in differs:
            setattr(initiative, name, values[name])
        changed_fields |= differs
        initiative.updated_at = now
        to_update.append((initiative, row))

    created = Initiative.objects.bulk_create([i for i, _row in to_create], batch_size=BATCH)
    result.created = len(created)
    if to_update:
        fields = sorted(changed_fields | {"updated_at"})
        Initiative.objects.bulk_update([i for i, _row in to_update], fields, batch_size=BATCH)
    result.updated = len(to_update)

    # Many-to-many rows: removed where they changed, added in bulk.
    touched = {i.reference: i for i, _row in to_create + to_update}
    through_rows: dict[str, dict[int, list[Any]]] = {name: {} for name in M2M_FIELDS}
    for name in M2M_FIELDS:
        through = getattr(Initiative, name).through
        target = _M2M_TARGET[name]
        additions, removals = [], []
        for reference, wanted in m2m_wanted[name].items():
            touched_one = touched.get(reference)
            if touched_one is None:
                continue
            have = current_m2m[name].get(touched_one.pk, set())
            removals += [(touched_one.pk, t) for t in have - wanted]
            additions += [
                through(initiative_id=touched_one.pk, **{f"{target}_id": t})
                for t in sorted(wanted - have)
            ]
        for initiative_id, target_id in removals:
            through.objects.filter(
                initiative_id=initiative_id, **{f"{target}_id": target_id}
            ).delete()
        added = through.objects.bulk_create(additions, batch_size=BATCH)
        # The history snapshots each record's rows: a new initiative's are the ones just
        # added (their ids returned by the insert); a changed one's are read back.
        if added and added[0].pk is None:  # a backend that returns no ids
            read_back = [i.pk for i in touched.values()]
        else:
            read_back = [i.pk for i, _row in to_update]
            new_ids = {i.pk for i, _row in to_create}
            for through_row in added:
                if through_row.initiative_id in new_ids:
                    through_rows[name].setdefault(through_row.initiative_id, []).append(through_row)
        for start in range(0, len(read_back), BATCH):
            chunk_ids = read_back[start : start + BATCH]
            for through_row in through.objects.filter(initiative_id__in=chunk_ids):
                through_rows[name].setdefault(through_row.initiative_id, []).append(through_row)

    # Partners: created in bulk; a role changed or a partner dropped one by one (rare).
    new_partners: list[InitiativePartner] = []
    for reference, wanted_partners in partners_wanted.items():
        touched_one = touched.get(reference)
        if touched_one is None:
            continue
        have_partners = current_partners.get(touched_one.pk, {})
        for organisation_id, partner in have_partners.items():
            if organisation_id not in wanted_partners:
                partner._history_user = actor  # type: ignore[attr-defined]
                partner.delete()
            elif partner.role != wanted_partners[organisation_id]:
                partner.role = wanted_partners[organisation_id]
                partner._history_user = actor  # type: ignore[attr-defined]
                partner.save(update_fields=["role"])
        new_partners += [
            InitiativePartner(initiative=touched_one, organisation_id=org, role=role)
            for org, role in wanted_partners.items()
            if org not in have_partners
        ]
    if new_partners:
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            new_partners,
            InitiativePartner,
            batch_size=BATCH,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )

    # History: one record per created or changed initiative, with its many-to-many rows.
    for objects, update in ((created, False), ([i for i, _row in to_update], True)):
        if not objects:
            continue
        historical = Initiative.history.bulk_history_create(
            objects,
            batch_size=BATCH,
            update=update,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
            default_date=now,
        )
        if historical and historical[0].pk is None:  # a backend without RETURNING
            historical = list(
                Initiative.history.filter(id__in=[o.pk for o in objects], history_date=now)
            )
        for name in M2M_FIELDS:
            _m2m_history(historical, name, through_rows[name])


def import_initiatives(
    *,
    actor: Any,
    programme: Any,
    file: IO[bytes],
    kind: str,
    file_name: str = "",
    progress: Callable[[int, str], None] | None = None,
    total: int | None = None,
) -> ImportResult:
    """Check every row; write them all in one transaction, or nothing if any is wrong."""
    if not permissions.can_import(actor):
        raise PermissionDenied
    result = ImportResult(file_name=file_name)
    try:
        rows, errors, present, new_countries = validate(read_table(file, kind), progress, total)
    except ValidationError as exc:
        result.errors = [RowError(0, "", message) for message in exc.messages]
        return result
    result.rows = len(rows)
    if errors:
        result.errors = sorted(errors, key=lambda e: (e.row, e.column))
        return result
    if progress is not None:
        progress(65, _("Writing %(count)s initiatives") % {"count": len(rows)})
    began = timezone.now()
    with transaction.atomic():
        _write(
            actor=actor,
            programme=programme,
            rows=rows,
            present=present,
            new_countries=new_countries,
            result=result,
        )
    result.ok = True
    initiatives_written.send(sender=Initiative, programme=programme, since=began)
    return result


# --- Jobs -------------------------------------------------------------------------------


def _result_path(job_id: Any) -> str:
    return f"imports/{job_id}/result.json"


def count_rows(file: IO[bytes], kind: str, limit: int) -> int:
    """How many non-empty rows (header included), counting no further than `limit`."""
    count = 0
    try:
        for _number, cells in read_table(file, kind):
            if any(_text(cell) for cell in cells):
                count += 1
                if count > limit:
                    break
    except ValidationError:
        pass
    file.seek(0)
    return count


def estimate_rows(file: IO[bytes], kind: str) -> int:
    """About how many rows the file has, for the progress bar, without reading it all
    when the workbook records its dimensions."""
    rows = 0
    if kind == "xlsx":
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(file, read_only=True)
            rows = workbook.worksheets[0].max_row or 0
            workbook.close()
        except Exception:  # the import itself reports a damaged workbook
            rows = 0
    file.seek(0)
    return rows or count_rows(file, kind, MAX_ROWS)


def _run(job: Any, *, programme_id: int, path: str, file_kind: str, file_name: str) -> ImportResult:
    from jmdi.programmes.models import Programme

    programme = Programme.objects.get(pk=programme_id)
    job.step(2, _("Reading the file"))
    try:
        result = _import_stored(job, programme, path, file_kind, file_name)
    finally:  # the upload is not kept, whatever happened
        default_storage.delete(path)
    default_storage.save(_result_path(job.job.pk), io.BytesIO(result.as_json()))
    if result.errors:
        job.attach("import-errors.csv", result.errors_csv())
    job.link(reverse("initiatives:import-status", args=[programme.code, job.job.pk]))
    return result


def _import_stored(
    job: Any, programme: Any, path: str, file_kind: str, file_name: str
) -> ImportResult:
    with default_storage.open(path, "rb") as file:
        total = estimate_rows(file, file_kind) - 1
        result = import_initiatives(
            actor=job.job.started_by,
            programme=programme,
            file=file,
            kind=file_kind,
            file_name=file_name,
            progress=job.step,
            total=max(total, 1),
        )
    return result


@task
def run_import(job_id: str, programme_id: int, path: str, file_kind: str, file_name: str) -> None:
    with running(job_id) as job:
        _run(job, programme_id=programme_id, path=path, file_kind=file_kind, file_name=file_name)


def start_import(*, actor: Any, programme: Any, uploaded: Any) -> Job:
    """Check the upload and import it: inline when small, else as a background job.
    Either way a job records it, and its page shows the outcome."""
    from jmdi.core.jobs import start_job

    if not permissions.can_import(actor):
        raise PermissionDenied
    kind = check_upload(uploaded)
    file_name = str(uploaded.name).rsplit("/", 1)[-1][:150]
    path = default_storage.save(f"imports/uploads/{uuid.uuid4().hex}.{kind}", uploaded)
    title = _("Import of %(file)s") % {"file": file_name}
    arguments = {
        "programme_id": programme.pk,
        "path": path,
        "file_kind": kind,
        "file_name": file_name,
    }
    with default_storage.open(path, "rb") as file:
        small = count_rows(file, kind, INLINE_ROWS + 1) <= INLINE_ROWS + 1
    if small:
        job = Job.objects.create(kind=JOB_KIND, title=title[:300], started_by=actor)
        # A failure is recorded on the job (failed, with why), and its page says so.
        with contextlib.suppress(Exception), running(str(job.pk)) as progress:
            _run(progress, **arguments)
        return Job.objects.get(pk=job.pk)
    return start_job(actor=actor, kind=JOB_KIND, title=title, task=run_import, **arguments)


def import_result(job: Job) -> ImportResult | None:
    """The outcome of a finished import job (None while it runs)."""
    path = _result_path(job.pk)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return ImportResult.from_json(file.read())


def template_workbook() -> bytes:
    """An XLSX with the headers (in the reader's language) and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Initiatives")[:31]
    sheet.append([str(column.label) for column in COLUMNS])
    sheet.append(list(EXAMPLE_ROW))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(str(column.label)) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
