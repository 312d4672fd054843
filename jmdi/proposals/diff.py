"""A readable difference between two versions of a project document.

Text sections are compared word by word (difflib on words and the spaces between them):
removed words are shown struck out (`<del>`), added words underlined (`<ins>`). Every
piece of the documents' text is escaped before it is wrapped, so a `<script>` typed in a
section shows as text. List sections (activities, budget lines…) are compared row by
row: rows kept, added, removed, and changed (each changed field diffed word by word).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jmdi.proposals.content import ROW_FIELDS, SECTIONS, TEXT, normalised

_TOKENS = re.compile(r"\s+|[^\s]+")


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _chunks(a: list[str], b: list[str]) -> list[tuple[bool, str, str]]:
    """(same?, old text, new text) runs; a lone space between two changes joins them, so
    that "a desk" → "two desks" reads as one change rather than two."""
    chunks: list[tuple[bool, str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        chunks.append((op == "equal", old, new))
    merged: list[tuple[bool, str, str]] = []
    index = 0
    while index < len(chunks):
        same, old, new = chunks[index]
        if (
            same
            and not old.strip()
            and merged
            and not merged[-1][0]
            and index + 1 < len(chunks)
            and not chunks[index + 1][0]
        ):
            _, next_old, next_new = chunks[index + 1]
            _, prev_old, prev_new = merged.pop()
            merged.append((False, prev_old + old + next_old, prev_new + new + next_new))
            index += 2
            continue
        if not same and merged and not merged[-1][0]:
            _, prev_old, prev_new = merged.pop()
            merged.append((False, prev_old + old, prev_new + new))
        else:
            merged.append((same, old, new))
        index += 1
    return merged


def diff_words(old: str, new: str) -> SafeString:
    """`new` with the words removed from `old` in <del> and the words added in <ins>."""
    parts: list[str] = []
    for same, before, after in _chunks(_tokens(old), _tokens(new)):
        if same:
            parts.append(escape(after))
            continue
        if before:
            parts.append(f"<del>{escape(before)}</del>")
        if after:
            parts.append(f"<ins>{escape(after)}</ins>")
    # Safe: every piece of the documents above went through escape().
    return mark_safe("".join(parts))


@dataclass
class RowDiff:
    kind: str  # "same", "added", "removed", "changed"
    cells: list[SafeString]


@dataclass
class SectionDiff:
    key: str
    label: Any
    is_text: bool
    changed: bool
    text: SafeString = field(default_factory=lambda: mark_safe(""))
    headers: list[Any] = field(default_factory=list)
    rows: list[RowDiff] = field(default_factory=list)


def _row_key(row: dict[str, str], names: list[str]) -> tuple[str, ...]:
    return tuple(row.get(name, "") for name in names)


def _plain(row: dict[str, str], names: list[str]) -> list[SafeString]:
    return [escape(row.get(name, "")) for name in names]


def _rows(old: list[dict[str, str]], new: list[dict[str, str]], names: list[str]) -> list[RowDiff]:
    # Rows are matched by their first field (an activity's title, a line's heading), so
    # that inserting a row does not show every row after it as changed.
    a = [row.get(names[0], "") for row in old]
    b = [row.get(names[0], "") for row in new]
    result: list[RowDiff] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if op != "insert" else []
        if op in ("equal", "replace"):
            for before, after in pairs:
                if _row_key(before, names) == _row_key(after, names):
                    result.append(RowDiff("same", _plain(after, names)))
                else:
                    cells = [diff_words(before.get(n, ""), after.get(n, "")) for n in names]
                    result.append(RowDiff("changed", cells))
        if op in ("delete", "replace"):
            for before in old[i1 + len(pairs) : i2]:
                result.append(RowDiff("removed", _plain(before, names)))
        if op in ("insert", "replace"):
            for after in new[j1 + len(pairs) : j2]:
                result.append(RowDiff("added", _plain(after, names)))
    return result


def compare(old_content: dict[str, Any], new_content: dict[str, Any]) -> list[SectionDiff]:
    """One SectionDiff per section, in the document's order."""
    old, new = normalised(old_content), normalised(new_content)
    sections = []
    for key, label, kind in SECTIONS:
        if kind == TEXT:
            sections.append(
                SectionDiff(
                    key=key,
                    label=label,
                    is_text=True,
                    changed=old[key] != new[key],
                    text=diff_words(old[key], new[key]),
                )
            )
            continue
        names = [name for name, _label in ROW_FIELDS[key]]
        rows = _rows(old[key], new[key], names)
        sections.append(
            SectionDiff(
                key=key,
                label=label,
                is_text=False,
                changed=any(row.kind != "same" for row in rows),
                headers=[label for _name, label in ROW_FIELDS[key]],
                rows=rows,
            )
        )
    return sections
