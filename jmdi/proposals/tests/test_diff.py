"""The difference between two versions: changed words marked, everything escaped, rows
compared one by one."""

from __future__ import annotations

from jmdi.proposals.diff import compare, diff_words
from jmdi.proposals.tests.factories import content


def test_only_the_changed_words_are_marked():
    html = diff_words("Open a desk in the town hall.", "Open two desks in the town hall.")
    assert html == "Open <del>a desk</del><ins>two desks</ins> in the town hall."


def test_the_same_text_has_no_mark():
    assert diff_words("Same words here", "Same words here") == "Same words here"


def test_a_script_in_a_text_shows_as_text():
    html = diff_words("Hello", "Hello <script>alert('x')</script> & co")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp; co" in html


def test_unchanged_sections_are_flagged_as_unchanged():
    old, new = content(), content(risks="Elections may change nothing.")
    sections = {s.key: s for s in compare(old, new)}
    assert sections["risks"].changed
    assert [k for k, s in sections.items() if s.changed] == ["risks"]
    assert "<del>priorities.</del><ins>nothing.</ins>" in sections["risks"].text


def test_rows_are_compared_one_by_one():
    old = content()
    activities = [
        old["activities"][0],
        {"title": "Diaspora forum", "description": "Two days"},
        {**old["activities"][1], "description": "Premises and three advisers"},
    ]
    budget = old["budget"][1:]
    sections = {s.key: s for s in compare(old, content(activities=activities, budget=budget))}
    kinds = [row.kind for row in sections["activities"].rows]
    assert kinds == ["same", "added", "changed"]
    changed = sections["activities"].rows[2].cells
    assert changed[1] == "Premises and <ins>three </ins>advisers"
    assert [row.kind for row in sections["budget"].rows] == ["removed", "same"]


def test_a_script_in_a_row_shows_as_text():
    rows = [{"heading": "<img src=x onerror=alert(1)>", "amount": "1.00"}]
    sections = {s.key: s for s in compare(content(), content(budget=rows))}
    cells = " ".join(str(c) for row in sections["budget"].rows for c in row.cells)
    assert "<img" not in cells
    assert "&lt;img" in cells
