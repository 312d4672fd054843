"""A round's full record as a spreadsheet (criteria, eligibility, every reviewer's
scores, the ranking, the decisions) and as a printable PDF of the same. Both hold every
score: only those who see all scores may ask for them (permissions.can_export)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.selection import selectors
from jmdi.selection.models import CandidateDecision, Round, Scoresheet
from jmdi.selection.scoring import rounded, sheet_score


@dataclass
class Record:
    round: Round
    ranking: selectors.Ranking
    checks: list[Any]
    eligibility: list[tuple[Any, list[Any], str]]
    sheets: list[tuple[Scoresheet, Decimal | None, list[str]]]
    decisions: list[CandidateDecision]


def _eligibility_label(state: str) -> str:
    return {
        "eligible": _("Eligible"),
        "ineligible": _("Not eligible"),
        "pending": _("Eligibility not yet checked"),
    }[state]


def collect(round: Round) -> Record:
    ranking = selectors.get_ranking(round, full_sheets=True)
    checks, results = selectors.eligibility_map(round)
    candidates = sorted(
        [line.candidate for line in ranking.lines] + ranking.ineligible,
        key=lambda c: (c.initiative.reference, c.pk),
    )
    eligibility = [
        (
            c,
            [results.get(c.pk, {}).get(check.pk) for check in checks],
            c.eligibility_state,
        )
        for c in candidates
    ]
    by_id = {c.pk: c for c in ranking.criteria}
    by_candidate = {c.pk: c for c in candidates}
    sheets = []
    for sheet in ranking.sheets:
        candidate = by_candidate.get(sheet.candidate_id)
        if candidate is None:
            continue
        sheet.candidate = candidate
        value = sheet_score(selectors.marks_of(sheet, by_id, candidate.initiative.country_id))
        scores = {x.criterion_id: x for x in sheet.scores.all()}
        cells = []
        for criterion in ranking.criteria:
            score = scores.get(criterion.pk)
            if score is None:
                cells.append("")
            elif score.not_applicable:
                cells.append(_("n/a"))
            else:
                cells.append("" if score.value is None else str(score.value))
        sheets.append((sheet, value, cells))
    sheets.sort(key=lambda item: (item[0].candidate.initiative.reference, item[0].reviewer_id))
    decisions = [c.decision for c in candidates if hasattr(c, "decision")]
    return Record(round, ranking, checks, eligibility, sheets, decisions)


def _cell(value: Decimal | None) -> float | str:
    # The spreadsheet shows the rounded figure the page shows (one decimal place).
    return "" if value is None else float(rounded(value))


def round_xlsx(round: Round) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    record = collect(round)
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], first: bool = False) -> None:
        ws = book.active if first else book.create_sheet()
        assert ws is not None
        ws.title = title[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)

    sheet(
        _("Criteria"),
        [_("Code"), _("Criterion"), _("Country"), _("Weight"), _("Highest score")],
        [
            [
                c.code,
                c.label,
                c.country.name if c.country else _("All"),
                float(c.weight),
                c.scale_max,
            ]
            for c in record.ranking.criteria
        ],
        first=True,
    )
    sheet(
        _("Eligibility"),
        [_("Reference"), _("Initiative"), *[c.label for c in record.checks], _("Eligibility")],
        [
            [
                c.initiative.reference,
                c.initiative.title,
                *[("" if r is None else (_("Yes") if r.passed else _("No"))) for r in results],
                _eligibility_label(state),
            ]
            for c, results, state in record.eligibility
        ],
    )
    criteria = record.ranking.criteria
    rows = [
        [
            s.candidate.initiative.reference,
            s.reviewer.full_name or s.reviewer.email,
            *[int(cell) if cell.isdigit() else cell for cell in cells],
            _cell(value),
        ]
        for s, value, cells in record.sheets
    ]
    sheet(
        _("Scores"),
        [
            _("Reference"),
            _("Reviewer"),
            *[c.code for c in criteria],
            _("Weighted score (out of 100)"),
        ],
        rows,
    )
    sheet(
        _("Ranking"),
        [
            _("Rank"),
            _("Reference"),
            _("Initiative"),
            _("Country"),
            _("Score (out of 100)"),
            _("Reviewers"),
            _("Spread"),
            _("Disagreement"),
        ],
        [
            [
                line.rank_label if line.scored else _("Not scored"),
                line.candidate.initiative.reference,
                line.candidate.initiative.title,
                line.candidate.initiative.country.name,
                _cell(line.score),
                len(line.reviewer_scores),
                _cell(line.spread),
                _("Yes") if line.disagreement else "",
            ]
            for line in record.ranking.lines
        ],
    )
    sheet(
        _("Decisions"),
        [_("Reference"), _("Initiative"), _("Decision"), _("Rationale"), _("Number"), _("Meeting")],
        [
            [
                d.candidate.initiative.reference,
                d.candidate.initiative.title,
                d.get_outcome_display(),
                d.rationale,
                d.decision.number,
                d.decision.meeting.date.isoformat(),
            ]
            for d in record.decisions
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def round_pdf(round: Round) -> bytes:
    from weasyprint import HTML

    record = collect(round)
    html = render_to_string(
        "selection/round_print.html",
        {"record": record, "round": round, "printed_at": timezone.now()},
    )
    document: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return document
