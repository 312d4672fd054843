"""The resources' rich text: one sanitiser for what is saved and what is shown, and a
readable difference between two versions.

The body of a resource is HTML from the small editor (or typed by hand). It is cleaned
with nh3 to the few tags a knowledge product needs; links keep only http, https and
mailto addresses and get rel="noopener noreferrer". The text is stored cleaned and
cleaned again when shown, so a row written some other way cannot carry a script.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "a", "blockquote", "br",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
SCHEMES = ("http://", "https://", "mailto:")


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(SCHEMES) else None
    if attribute == "scope":
        return value if value in {"row", "col", "rowgroup", "colgroup"} else None
    if attribute in {"colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) < 100 else None
    return value


def sanitise(text: str) -> str:
    """The HTML, keeping only the allowed tags and attributes."""
    return nh3.clean(
        text or "",
        tags=TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render(text: str) -> SafeString:
    """Sanitised, then marked safe: the only way a body reaches a page."""
    return mark_safe(sanitise(text))


_BLOCK_END = re.compile(r"</(?:p|h2|h3|h4|li|blockquote|tr|caption)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text_blocks(body: str) -> list[str]:
    """The body as plain text, one block per paragraph, heading, item or row."""
    blocks = []
    for chunk in _BLOCK_END.split(body or ""):
        plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", chunk))).strip()
        if plain:
            blocks.append(plain)
    return blocks


@dataclass(frozen=True)
class Piece:
    """A run of text: "same", "ins" or "del". Shown escaped by the template."""

    kind: str
    text: str


@dataclass(frozen=True)
class Block:
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(p.kind != "same" for p in self.pieces)


def _words(old: str, new: str) -> tuple[Piece, ...]:
    a, b = old.split(" "), new.split(" ")
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", " ".join(a[i1:i2]) + " "))
            continue
        if i2 > i1:
            pieces.append(Piece("del", " ".join(a[i1:i2])))
            pieces.append(Piece("same", " "))
        if j2 > j1:
            pieces.append(Piece("ins", " ".join(b[j1:j2])))
            pieces.append(Piece("same", " "))
    return tuple(pieces)


def diff(old: list[str], new: list[str]) -> list[Block]:
    """Blocks of the new text against the old: unchanged blocks, deleted and inserted
    ones, and changed ones word by word."""
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            blocks.extend(Block((Piece("same", text),)) for text in new[j1:j2])
        elif op == "replace":
            # Blocks in the same place that are still alike are compared word by word;
            # the others are shown as removed and added.
            pairs = min(i2 - i1, j2 - j1)
            for a, b in zip(old[i1 : i1 + pairs], new[j1 : j1 + pairs], strict=True):
                if difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.5:
                    blocks.append(Block(_words(a, b)))
                else:
                    blocks.extend((Block((Piece("del", a),)), Block((Piece("ins", b),))))
            blocks.extend(Block((Piece("del", text),)) for text in old[i1 + pairs : i2])
            blocks.extend(Block((Piece("ins", text),)) for text in new[j1 + pairs : j2])
        else:
            blocks.extend(Block((Piece("del", text),)) for text in old[i1:i2])
            blocks.extend(Block((Piece("ins", text),)) for text in new[j1:j2])
    return blocks


def version_diff(old: object, new: object) -> dict[str, list[Block]]:
    """Title, summary and body of two versions (anything with those attributes)."""
    return {
        "title": diff([getattr(old, "title", "")], [getattr(new, "title", "")]),
        "summary": diff(
            text_blocks(getattr(old, "summary", "")), text_blocks(getattr(new, "summary", ""))
        ),
        "body": diff(text_blocks(getattr(old, "body", "")), text_blocks(getattr(new, "body", ""))),
    }
