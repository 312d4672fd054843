"""The French, Spanish and Arabic catalogues: complete, faithful, compiled and in use.

The `.po` files are read with the small parser below (no third-party library), so the
checks run wherever the suite runs. What each test guards against:

- a message left empty or marked fuzzy after `make messages` (fuzzy messages are not
  compiled, so the reader would see English);
- a translation that drops, renames or adds a placeholder (`%(name)s`, `%s`, `{name}`),
  which raises at run time or shows the wrong value;
- a `.mo` file that was not recompiled after the `.po` changed (the `.mo` is what
  Django reads);
- English interface text left on the main pages when they are read in fr, es or ar,
  and the `lang`/`dir` attributes Arabic needs to be laid out right to left.
"""

from __future__ import annotations

import gettext
import re
import struct
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LANGUAGES = ("fr", "es", "ar")

#: Plural rules the catalogues must declare (Arabic has six plural forms).
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "ar": (
        "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
    ),
}


# --- Reading .po files ---------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    #: msgstr for a singular entry is form 0; msgstr[N] is form N.
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def forms(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]

    def where(self, path: Path) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"{path.name}:{self.line} msgid {self.msgid!r}{context}"


@dataclass
class Catalogue:
    path: Path
    header: Entry
    metadata: dict[str, str]
    messages: list[Entry]

    @property
    def nplurals(self) -> int:
        match = re.search(r"nplurals\s*=\s*(\d+)", self.metadata.get("Plural-Forms", ""))
        return int(match.group(1)) if match else 2

    @property
    def plural_expression(self) -> str:
        match = re.search(r"plural\s*=\s*([^;]+);?", self.metadata.get("Plural-Forms", ""))
        return match.group(1).strip() if match else "(n != 1)"


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")


def _unquote(text: str, where: str) -> str:
    match = _QUOTED.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"{where}: not a single quoted string: {text!r}")

    def unescape(m: re.Match[str]) -> str:
        char = m.group(1)
        if char not in _ESCAPES:
            raise ValueError(f"{where}: unknown escape \\{char}")
        return _ESCAPES[char]

    return re.sub(r"\\(.)", unescape, match.group(1))


def parse_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, obsolete ones flagged, in file order."""
    entries: list[Entry] = []
    current = Entry()
    started = False  # a msgctxt or msgid keyword was seen for `current`
    seen_msgstr = False
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal current, started, seen_msgstr, target
        if started:
            entries.append(current)
        current, started, seen_msgstr, target = Entry(), False, False, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        where = f"{path}:{number}"
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete, line = True, line[2:].strip()
            if line.startswith("|"):  # the previous msgid of an obsolete entry
                continue
        if not line:
            if seen_msgstr:
                finish()
            continue
        if line.startswith("#"):
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, index, value = keyword.group(1), keyword.group(2), keyword.group(3)
            if name in ("msgctxt", "msgid") and seen_msgstr:
                finish()
            if name in ("msgctxt", "msgid") and not started:
                current.line, started = number, True
            if not started:
                raise ValueError(f"{where}: {name} before msgid")
            current.obsolete = current.obsolete or obsolete
            text = _unquote(value, where)
            if name == "msgctxt":
                current.msgctxt, target = text, ("msgctxt", 0)
            elif name == "msgid":
                current.msgid, target = text, ("msgid", 0)
            elif name == "msgid_plural":
                current.msgid_plural, target = text, ("msgid_plural", 0)
            else:
                form = int(index) if index is not None else 0
                if form in current.msgstr:
                    raise ValueError(f"{where}: msgstr form {form} given twice")
                current.msgstr[form] = text
                target, seen_msgstr = ("msgstr", form), True
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            text = _unquote(line, where)
            kind, form = target
            if kind == "msgstr":
                current.msgstr[form] += text
            else:
                setattr(current, kind, (getattr(current, kind) or "") + text)
            continue
        raise ValueError(f"{where}: cannot read {raw!r}")
    finish()
    return entries


def po_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@cache
def catalogue(language: str) -> Catalogue:
    path = po_path(language)
    entries = [entry for entry in parse_po(path) if not entry.obsolete]
    headers = [entry for entry in entries if entry.is_header]
    assert len(headers) == 1, f"{path}: expected one header entry, found {len(headers)}"
    header = headers[0]
    metadata = {}
    for line in header.msgstr.get(0, "").splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key.strip()] = value.strip()
    messages = [entry for entry in entries if not entry.is_header]
    return Catalogue(path=path, header=header, metadata=metadata, messages=messages)


def test_the_parser_reads_context_plurals_escapes_and_wrapped_strings(tmp_path):
    sample = tmp_path / "django.po"
    sample.write_text(
        'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgctxt "button"\nmsgid "Change"\nmsgstr "Changer"\n\n'
        'msgid ""\n"Two "\n"lines with a \\"quote\\"\\n"\nmsgstr ""\n"Deux lignes"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s jour"\n'
        'msgstr[1] ""\n"%(n)s jours"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n',
        encoding="utf-8",
    )
    header, change, wrapped, plural, gone = parse_po(sample)
    assert header.is_header
    assert "Language: ar\n" in header.msgstr[0]
    assert (change.msgctxt, change.msgid, change.forms) == ("button", "Change", ["Changer"])
    assert change.flags == {"python-format"}
    assert change.references == ["a.py:1"]
    assert wrapped.msgid == 'Two lines with a "quote"\n'
    assert wrapped.forms == ["Deux lignes"]
    assert plural.msgid_plural == "%(n)s days"
    assert plural.forms == ["%(n)s jour", "%(n)s jours"]
    assert gone.obsolete
    assert gone.msgid == "Gone"


# --- a. Complete, not fuzzy ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    cat = catalogue(language)
    problems = []
    if "fuzzy" in cat.header.flags:
        problems.append("the header is marked fuzzy: remove the flag once it is filled in")
    if cat.metadata.get("Language") != language:
        problems.append(f"header Language is {cat.metadata.get('Language')!r}")
    if "charset=UTF-8" not in cat.metadata.get("Content-Type", ""):
        problems.append("header Content-Type must declare charset=UTF-8")
    if language in PLURAL_FORMS and cat.metadata.get("Plural-Forms") != PLURAL_FORMS[language]:
        problems.append(
            f"header Plural-Forms is {cat.metadata.get('Plural-Forms')!r}, "
            f"expected {PLURAL_FORMS[language]!r}"
        )
    plural = gettext.c2py(cat.plural_expression)
    if any(not 0 <= plural(n) < cat.nplurals for n in range(1000)):
        problems.append("the plural expression picks a form outside 0..nplurals-1")

    for entry in cat.messages:
        where = entry.where(cat.path)
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy")
        if entry.msgid_plural is None:
            if set(entry.msgstr) != {0}:
                problems.append(f"{where}: a singular message has msgstr[N] forms")
            elif not entry.msgstr[0]:
                problems.append(f"{where}: not translated")
        else:
            expected = set(range(cat.nplurals))
            if set(entry.msgstr) != expected:
                problems.append(
                    f"{where}: has plural forms {sorted(entry.msgstr)}, "
                    f"needs all of 0..{cat.nplurals - 1}"
                )
            empty = [index for index, text in sorted(entry.msgstr.items()) if not text]
            if empty:
                problems.append(f"{where}: plural forms {empty} are empty")
    assert cat.messages, f"{cat.path} has no messages"
    assert not problems, "\n".join(problems)


def test_the_three_catalogues_hold_the_same_messages():
    """They come from one `make messages` run; a difference means one was not updated."""
    keys = {
        language: {entry.key for entry in catalogue(language).messages} for language in LANGUAGES
    }
    reference = keys[LANGUAGES[0]]
    for language in LANGUAGES[1:]:
        assert keys[language] == reference, (
            f"{language} differs from {LANGUAGES[0]}: "
            f"only in {language}: {sorted(keys[language] - reference, key=str)[:10]}; "
            f"missing: {sorted(reference - keys[language], key=str)[:10]}"
        )


# --- b. Placeholders -----------------------------------------------------------------

_PRINTF = re.compile(r"%%|%\((?P<name>[^)]+)\)(?P<named>[sdifr])|%(?P<bare>[sdifr])")
_BRACE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}(?!\})")
_TEMPLATE_VARIABLE = re.compile(r"\{\{\s*[\w.]+\s*\}\}")


def placeholders(
    text: str, printf: bool = True
) -> tuple[frozenset[str], Counter[str], frozenset[str]]:
    """Named printf placeholders, bare printf placeholders (with counts), brace names.

    `%(name)s` is never ordinary text, so it is always collected; a bare `%s` only
    in printf-style messages, where a lone "%" cannot be ordinary text ("50 % de").
    """
    named: set[str] = set()
    bare: Counter[str] = Counter()
    for match in _PRINTF.finditer(text):
        if match.group("name") is not None:
            named.add(f"%({match.group('name')}){match.group('named')}")
        elif match.group("bare") is not None and printf:
            bare[f"%{match.group('bare')}"] += 1
    braces = frozenset(f"{{{m.group('name')}}}" for m in _BRACE.finditer(text))
    return frozenset(named), bare, braces


def test_placeholder_sets_are_compared_correctly():
    assert placeholders("%(count)s of %(total)s, 100%% done, %s") == (
        frozenset({"%(count)s", "%(total)s"}),
        Counter({"%s": 1}),
        frozenset(),
    )
    assert placeholders('Hello {name}; e.g. {"fr": "PNUD"}; {{ escaped }}')[2] == {"{name}"}
    assert placeholders("50 %s de la cible", printf=False) == (frozenset(), Counter(), frozenset())
    assert placeholders("%(role)s", printf=False)[0] == {"%(role)s"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language):
    cat = catalogue(language)
    problems = []
    for entry in cat.messages:
        # Outside python-format messages a lone "%" is ordinary text ("50 %").
        printf = "python-format" in entry.flags or bool(_PRINTF.search(entry.msgid))
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        source_sets = [placeholders(text, printf) for text in sources]
        allowed_named = frozenset().union(*(s[0] for s in source_sets))
        allowed_braces = frozenset().union(*(s[2] for s in source_sets))
        used_named: set[str] = set()
        used_braces: set[str] = set()
        for form, text in sorted(entry.msgstr.items()):
            if not text:
                continue  # reported by the completeness test
            named, bare, braces = placeholders(text, printf)
            label = f"{entry.where(cat.path)} msgstr[{form}]"
            if entry.msgid_plural is None:
                if named != source_sets[0][0]:
                    problems.append(f"{label}: {sorted(named)} != {sorted(source_sets[0][0])}")
                if bare != source_sets[0][1]:
                    problems.append(
                        f"{label}: positional {dict(bare)} != {dict(source_sets[0][1])}"
                    )
                if braces != source_sets[0][2]:
                    problems.append(f"{label}: {sorted(braces)} != {sorted(source_sets[0][2])}")
            else:
                # A plural form may leave out the count ("one day" in Arabic's form 1).
                if named - allowed_named or braces - allowed_braces:
                    problems.append(
                        f"{label}: unknown {sorted((named - allowed_named) | (braces - allowed_braces))}"
                    )
                if bare and bare != source_sets[-1][1]:
                    problems.append(
                        f"{label}: positional {dict(bare)} != {dict(source_sets[-1][1])}"
                    )
            used_named |= named
            used_braces |= braces
            extra_template = set(_TEMPLATE_VARIABLE.findall(text)) - set(
                _TEMPLATE_VARIABLE.findall(" ".join(sources))
            )
            if extra_template:
                problems.append(
                    f"{label}: template syntax {sorted(extra_template)} (blocktranslate uses %(name)s)"
                )
        if entry.msgid_plural is not None and all(entry.msgstr.values()):
            missing = (allowed_named - used_named) | (allowed_braces - used_braces)
            if missing:
                problems.append(f"{entry.where(cat.path)}: no plural form uses {sorted(missing)}")
    assert not problems, "\n".join(problems)


# --- c. The compiled .mo matches the .po ---------------------------------------------


def read_mo(path: Path) -> dict[tuple[str | None, str], list[str]]:
    """{(context, msgid): [forms]} from a GNU .mo file (the header under (None, ""))."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = {0x950412DE: "<", 0xDE120495: ">"}.get(magic)
    assert order is not None, f"{path} is not a .mo file"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    result: dict[tuple[str | None, str], list[str]] = {}
    for index in range(count):
        length, offset = struct.unpack(
            order + "2I", data[originals + 8 * index : originals + 8 * index + 8]
        )
        original = data[offset : offset + length].decode("utf-8")
        length, offset = struct.unpack(
            order + "2I", data[translations + 8 * index : translations + 8 * index + 8]
        )
        translated = data[offset : offset + length].decode("utf-8")
        context: str | None = None
        if "\x04" in original:
            context, original = original.split("\x04", 1)
        result[(context, original.split("\x00")[0])] = translated.split("\x00")
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    cat = catalogue(language)
    mo = cat.path.with_suffix(".mo")
    assert mo.exists(), (
        f"{mo} is missing: run `manage.py compilemessages --ignore=.venv --ignore=node_modules`"
    )
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)  # fails on a damaged file
    assert translations.info().get("language") == language

    compiled = read_mo(mo)
    expected = {
        entry.key: entry.forms
        for entry in cat.messages
        if "fuzzy" not in entry.flags and entry.forms and all(entry.forms)
    }
    compiled_messages = {key: forms for key, forms in compiled.items() if key != (None, "")}
    stale = sorted(
        (
            (str(key), compiled_messages.get(key), forms)
            for key, forms in expected.items()
            if compiled_messages.get(key) != forms
        ),
        key=lambda item: item[0],
    )
    removed = sorted(str(key) for key in compiled_messages.keys() - expected.keys())
    assert (stale, removed) == ([], []), (
        f"{mo} is out of date with {cat.path.name}; run `manage.py compilemessages "
        f"--ignore=.venv --ignore=node_modules`.\n"
        f"Different or missing in the .mo: {stale[:10]}\nOnly in the .mo: {removed[:10]}"
    )
    mo_header = dict(
        line.split(":", 1) for line in compiled.get((None, ""), [""])[0].splitlines() if ":" in line
    )
    assert mo_header.get("Plural-Forms", "").strip() == cat.metadata.get("Plural-Forms")


# --- d. The pages, read in each language ---------------------------------------------

PROGRAMME = "/programmes/jmdi-2"
PAGES_AS_PMU = (
    "/",
    f"{PROGRAMME}/",
    f"{PROGRAMME}/results/",
    f"{PROGRAMME}/work-plan/",
    f"{PROGRAMME}/budget/",
    f"{PROGRAMME}/risks/",
    f"{PROGRAMME}/dashboard/",
    f"{PROGRAMME}/values/review/",
    f"{PROGRAMME}/work-plan/tracking/",
    f"{PROGRAMME}/risk-log/",
    f"{PROGRAMME}/issues/",
    f"{PROGRAMME}/lessons/",
    f"{PROGRAMME}/monitoring-schedule/",
    f"{PROGRAMME}/quality/",
    f"{PROGRAMME}/committees/",
    f"{PROGRAMME}/decisions/",
    f"{PROGRAMME}/budget/execution/",
    f"{PROGRAMME}/reports/",
    "/people/",
    "/directory/countries/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/net/",
    "/net/projects/",
    "/net/projects/suggest/",
    "/net/projects/suggestions/",
    "/net/members/",
    "/net/members/verify/",
    "/net/join/",
    "/net/me/data/",
    "/net/me/delete/",
    "/net/resources/",
    "/net/resources/review/",
    "/net/support/",
    "/net/support/ask/",
    "/net/support/queue/",
    "/net/support/report/",
    "/net/support/faq/",
    "/net/discussions/",
    "/net/discussions/moderation/",
    "/net/events/",
    "/net/events/new/",
)
PAGES_ANONYMOUS = (
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/help/",
    "/privacy/",
    "/net/",
    "/net/projects/",
    "/net/members/",
    "/net/support/ask/",
)

#: Source texts that may stay as they are in every language (proper nouns, codes).
KEPT_IN_EVERY_LANGUAGE = frozenset({"M4D Net"})
_ABBREVIATION = re.compile(r"[A-Z0-9][A-Z0-9 ./()&-]*")
_TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class PageText(HTMLParser):
    """Text nodes and human-readable attribute values of a page, whitespace collapsed.

    Text inside an element marked as another language (the language switcher lists
    "English" with lang="en") is not interface text of the page, so it is left out.
    """

    _HIDDEN_TAGS = frozenset({"script", "style", "template"})
    #: Elements whose end tag HTML lets authors omit; a new one closes the previous one.
    _SELF_CLOSING_SIBLINGS = frozenset({"option", "li", "p", "td", "th", "tr", "dt", "dd"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.html_attributes: dict[str, str | None] = {}
        self._hidden = 0
        self._lang_stack: list[tuple[str, bool]] = []  # (tag, in another language)

    @property
    def language(self) -> str:
        return (self.html_attributes.get("lang") or "").split("-")[0]

    def _in_other_language(self) -> bool:
        return any(foreign for _tag, foreign in self._lang_stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            if not self.html_attributes:
                self.html_attributes = values
            return
        if tag in self._HIDDEN_TAGS:
            self._hidden += 1
        if (
            tag in self._SELF_CLOSING_SIBLINGS
            and self._lang_stack
            and self._lang_stack[-1][0] == tag
        ):
            self._lang_stack.pop()
        if "lang" in values:
            lang = (values["lang"] or "").split("-")[0]
            self._lang_stack.append((tag, lang != self.language))
        if self._hidden or self._in_other_language():
            return
        for name, value in attrs:
            if value and (
                name in _TEXT_ATTRIBUTES
                or (
                    name == "value"
                    and tag == "input"
                    and values.get("type") in {"submit", "button", "reset"}
                )
            ):
                self._add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN_TAGS and self._hidden:
            self._hidden -= 1
        if self._lang_stack and self._lang_stack[-1][0] == tag:
            self._lang_stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._in_other_language():
            self._add(data)

    def _add(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.texts.append(text)


def test_the_page_reader_skips_scripts_and_text_marked_as_another_language():
    page = PageText()
    page.feed(
        '<html lang="fr" dir="ltr"><title>Accueil · Plateforme</title>'
        '<script>var label = "Home";</script>'
        '<select><option lang="en">English<option lang="fr">français</select>'
        '<nav aria-label="Main"><p lang="en">Results framework</p><p>Programme overview</nav>'
        '<input type="submit" value="Sign in"><input type="text" value="typed">'
    )
    page.close()
    assert page.language == "fr"
    assert page.texts == [
        "Accueil · Plateforme",
        "français",
        "Main",
        "Programme overview",
        "Sign in",
    ]
    assert english_left(page.texts, "fr") == {"Main", "Programme overview", "Sign in"}


def _candidates(text: str) -> set[str]:
    """The node, its parts around " · " (page titles), and a label before a colon."""
    found = {text}
    found.update(part.strip() for part in text.split(" · ") if part.strip())
    for part in list(found):
        if ":" in part:
            found.add(part.split(":", 1)[0].strip())
    return found


@cache
def english_matchers(
    language: str,
) -> tuple[frozenset[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """The source texts that must not be seen as such in `language`: exact and patterned."""
    exact: set[str] = set()
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for entry in catalogue(language).messages:
        translations = {" ".join(text.split()) for text in entry.msgstr.values()}
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            source = " ".join(source.split())
            if source in translations or source in KEPT_IN_EVERY_LANGUAGE:
                continue  # the same word in this language ("Budget" in French)
            if _ABBREVIATION.fullmatch(source):
                continue
            if not _PRINTF.search(source):
                if len(source) > 3:
                    exact.add(source)
                continue
            if len(re.sub(r"[\W\d_]", "", _PRINTF.sub("", source))) < 4:
                continue  # too little fixed text to recognise
            regex, position = "", 0
            for match in _PRINTF.finditer(source):
                regex += re.escape(source[position : match.start()])
                regex += re.escape("%") if match.group(0) == "%%" else ".+?"
                position = match.end()
            regex += re.escape(source[position:])
            patterns.append((source, re.compile(regex)))
    return frozenset(exact), tuple(patterns)


def english_left(texts: list[str], language: str) -> set[str]:
    exact, patterns = english_matchers(language)
    left = set()
    for text in texts:
        for candidate in _candidates(text):
            if candidate in exact:
                left.add(candidate)
            left.update(source for source, regex in patterns if regex.fullmatch(candidate))
    return left


def _read(client: Client, url: str, language: str) -> tuple[int, str, PageText]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    page = PageText()
    page.feed(response.content.decode())
    page.close()
    return response.status_code, response.headers.get("Content-Language", ""), page


def test_main_pages_show_no_english_interface_text(client_as, programme):
    """No source text of our catalogue is left in English on the main pages.

    The pages are read as a PMU officer (who sees every link and tab) and the sign-in
    page anonymously, in each language through the language cookie. A text node, an
    attribute read aloud (title, aria-label, placeholder, alt), a part of the page title
    or a "Label:" prefix that equals an English msgid whose translation differs is
    reported. Text kept the same in a language ("Budget" in French) is not, nor are the
    names in KEPT_IN_EVERY_LANGUAGE. One test for all languages, so the programme file
    is loaded once.
    """
    pmu = client_as("pmu")
    anonymous = Client()
    problems = []
    for language in LANGUAGES:
        for client, urls in ((pmu, PAGES_AS_PMU), (anonymous, PAGES_ANONYMOUS)):
            for url in urls:
                status, content_language, page = _read(client, url, language)
                label = f"[{language}] {url}"
                if status != 200:
                    problems.append(f"{label}: status {status}")
                    continue
                if content_language != language:
                    problems.append(f"{label}: Content-Language {content_language!r}")
                lang = page.html_attributes.get("lang")
                direction = page.html_attributes.get("dir")
                expected_direction = "rtl" if language == "ar" else "ltr"
                if lang != language or direction != expected_direction:
                    problems.append(
                        f'{label}: <html lang="{lang}" dir="{direction}">, '
                        f'expected lang="{language}" dir="{expected_direction}"'
                    )
                problems.extend(
                    f"{label}: English text {text!r}"
                    for text in sorted(english_left(page.texts, language))
                )

    # The check must be able to fail: in English the same page is full of source texts.
    _status, _language, english_page = _read(pmu, "/", "en")
    assert {"Skip to main content", "Results framework"} <= english_left(english_page.texts, "fr")
    assert not problems, "\n".join(problems)
