"""The sanitiser, on save and on display, and the version diff."""

from __future__ import annotations

import pytest

from jmdi.resources import services
from jmdi.resources.html import diff, sanitise, text_blocks
from jmdi.resources.models import ResourceText, Version

pytestmark = [pytest.mark.usefixtures("programme_once_per_module")]

HOSTILE = (
    "<p onclick='x()'>Hello <script>alert('s')</script></p>"
    "<img src=x onerror=alert(1)>"
    '<a href="javascript:alert(2)">bad</a>'
    '<a href="JaVaScRiPt&colon;alert(3)">bad2</a>'
    '<a href="/relative">rel</a>'
    "<iframe src='https://evil.example'></iframe>"
    '<p style="color:red">styled</p>'
    '<a href="https://example.org">good</a>'
    "<h2>Title</h2><ul><li>item</li></ul><table><tr><td>cell</td></tr></table>"
)


def _neutralised(html: str) -> None:
    lowered = html.lower()
    for bad in (
        "<script",
        "alert('s')",
        "onerror",
        "onclick",
        "javascript",
        "<iframe",
        "style=",
        "<img",
        "/relative",
    ):
        assert bad not in lowered, bad


def test_sanitise_removes_every_vector_and_keeps_the_allowed_tags():
    clean = sanitise(HOSTILE)
    _neutralised(clean)
    assert '<a href="https://example.org" rel="noopener noreferrer">good</a>' in clean
    for kept in ("<h2>Title</h2>", "<li>item</li>", "<td>cell</td>", "<p>styled</p>"):
        assert kept in clean


def test_mailto_links_are_kept():
    assert 'href="mailto:pmu@example.org"' in sanitise('<a href="mailto:pmu@example.org">x</a>')


@pytest.mark.django_db
def test_a_body_is_stored_sanitised_and_each_version_too(world):
    services.save_text(
        actor=world.author,
        resource=world.draft,
        language="en",
        title="<b>Title</b>",
        summary="s",
        body_html=HOSTILE,
    )
    text = ResourceText.objects.get(resource=world.draft, language="en")
    _neutralised(text.body)
    _neutralised(Version.objects.get(text=text, number=text.version).body)


@pytest.mark.django_db
def test_a_body_written_around_the_service_is_sanitised_when_shown(world, client):
    ResourceText.objects.filter(resource=world.public).update(body=HOSTILE)
    response = client.get(f"/net/resources/{world.public.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    main = page[page.index('class="rich-text"') :]
    _neutralised(main.split("</div>", 1)[0])
    assert "good</a>" in page


def test_diff_marks_insertions_and_deletions_by_block_and_word():
    old = text_blocks("<p>The council meets twice a year.</p><p>Gone paragraph.</p>")
    new = text_blocks("<p>The council meets at least twice a year.</p>")
    blocks = diff(old, new)
    kinds = [(p.kind, p.text.strip()) for b in blocks for p in b.pieces if p.kind != "same"]
    assert ("ins", "at least") in kinds
    assert ("del", "Gone paragraph.") in kinds


@pytest.mark.django_db
def test_the_diff_page_escapes_what_it_shows(world, client_as):
    services.save_text(
        actor=world.author,
        resource=world.draft,
        language="en",
        title="Secret draft on diaspora bonds",
        summary="DRAFT-SECRET summary &lt;script&gt;alert(9)&lt;/script&gt;",
        body_html="<p>DRAFT-SECRET body, revised &lt;b&gt;bold&lt;/b&gt;</p>",
    )
    client = client_as("pmu")
    response = client.get(f"/net/resources/{world.draft.slug}/diff/?language=en&from=1&to=2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<ins>" in page
    assert "<script>alert(9)" not in page
    assert "&lt;script&gt;" in page
    assert "<b>bold" not in page
