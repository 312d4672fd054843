"""Spreadsheets built in memory for the import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADERS = [
    "Reference",
    "Title",
    "Summary",
    "Language",
    "Lead authority",
    "Lead country",
    "Partners",
    "Origin countries",
    "Destination countries",
    "South-South",
    "Migration contexts",
    "Themes",
    "Gender dimension",
    "Target groups",
    "Setting",
    "Start",
    "End",
    "Budget",
    "Currency",
    "Results",
    "Sources",
    "Status",
    "Published",
]


def row(**overrides: Any) -> list[Any]:
    values = {
        "Reference": "MA-001",
        "Title": "Diaspora investment in water services",
        "Summary": "Migrants' associations co-finance the water network.",
        "Language": "en",
        "Lead authority": "Commune d'Oujda",
        "Lead country": "MA",
        "Partners": "Association Migrations et Développement (implementing)",
        "Origin countries": "MA",
        "Destination countries": "FR; ES",
        "South-South": "no",
        "Migration contexts": "emigration; return",
        "Themes": "economic_development; services",
        "Gender dimension": "mainstreamed",
        "Target groups": "diaspora; women",
        "Setting": "urban",
        "Start": "2014-03-01",
        "End": "2016-02-29",
        "Budget": "125000.00",
        "Currency": "EUR",
        "Results": "",
        "Sources": "Mapping 2013",
        "Status": "mapped",
        "Published": "no",
    }
    values.update(overrides)
    return [values[h] for h in HEADERS]


def xlsx(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers or HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list[Any]],
    headers: list[str] | None = None,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers or HEADERS)
    for values in rows:
        writer.writerow(["" if v is None else v for v in values])
    return buffer.getvalue().encode(encoding)


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def good_rows(count: int = 3) -> list[list[Any]]:
    rows = [row()]
    rows.append(
        row(
            Reference="SN-001",
            Title="Return and reintegration in Kolda",
            **{
                "Lead authority": "Conseil départemental de Kolda",
                "Lead country": "SN",
                "Partners": "Mairie de Lyon [FR] (co_lead); ONG Tostan (technical)",
                "Origin countries": "SN",
                "Destination countries": "FR",
                "South-South": "oui",
                "Migration contexts": "return; transit",
                "Themes": "return_reintegration",
                "Gender dimension": "targeted",
                "Target groups": "returnees",
                "Setting": "rural",
                "Start": "01/02/2015",
                "End": "",
                "Budget": "1 234,50",
                "Currency": "xof",
                "Published": "yes",
            },
        )
    )
    for n in range(2, count):
        rows.append(row(Reference=f"MA-{n + 100:03d}", Title=f"Initiative {n}"))
    return rows
