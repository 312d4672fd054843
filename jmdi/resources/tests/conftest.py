from __future__ import annotations

from types import SimpleNamespace

import pytest

from jmdi.resources.tests.factories import make_member, published


@pytest.fixture
def world(programme, pmu, member):
    from jmdi.resources.demo import seed_themes

    themes = seed_themes()
    make_member(member)
    author = make_member(None, email="author@example.org")
    editor = make_member(None, email="editor@example.org")
    banned = make_member(None, email="banned@example.org", banned=True)
    from jmdi.resources import services

    services.make_editor(actor=pmu, user=editor)
    theme = themes["involving-diasporas"]
    draft = services.propose_resource(
        actor=author,
        theme=theme,
        kind="guide",
        language="en",
        title="Secret draft on diaspora bonds",
        summary="DRAFT-SECRET summary",
        body_html="<p>DRAFT-SECRET body</p>",
    )
    public = published(pmu, author, theme, title="Public guide to diaspora mapping")
    return SimpleNamespace(
        themes=themes,
        theme=theme,
        author=author,
        editor=editor,
        banned=banned,
        draft=draft,
        public=public,
    )
