"""Words as the full-text index sees them, the same on SQLite and PostgreSQL.

A record is indexed in the language it is written in: its words are lower-cased, stemmed
with that language's Snowball stemmer (English, French, Spanish, Arabic), then folded
(accents, Arabic diacritics and letter variants), so "développement", "developpements"
and "Développer" meet on one term. A query's language is not known — a mayor types in
hers, whatever the page's language — so each of its words is looked for under the stems
of all four languages at once (`query_terms`).

Both databases index these terms with their own engine (FTS5, or a tsvector with the
"simple" configuration, which adds no stemming of its own): one analysis, one result.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

#: The languages the platform is written in, and the stemmer each uses.
STEMMERS = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic"}

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
# Hamza and madda forms of alef to bare alef, alef maqsura to yeh, teh marbuta to heh.
_ARABIC_LETTERS = str.maketrans(
    {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627"}
    | {"\u0649": "\u064a", "\u0629": "\u0647"}
)

#: Words too common to tell records apart, in the four languages.
STOPWORDS = frozenset(
    """
    a an and are as at be by for from has have in into is it its of on or that the their
    this to was were which with within towards between
    à au aux avec ce ces dans de des du en et la le les leur leurs par pour sa se ses son
    sur un une d l qu vers entre chez sans sous
    al con del el en las lo los para por su sus un una y hacia entre sin sobre
    في من على الى إلى عن مع و ال هذا هذه التي الذي
    """.split()  # noqa: SIM905 (a list literal of 90 words reads worse)
)

#: No word is longer than this in the index (URLs and codes pasted into a summary).
MAX_WORD = 40


def fold(word: str) -> str:
    """Accents off Latin letters, marks and letter variants off Arabic ones."""
    word = _ARABIC_MARKS.sub("", word).translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer | None:
    name = STEMMERS.get((language or "")[:2])
    return snowballstemmer.stemmer(name) if name else None


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, without the stopwords and short numbers (years
    stay: "2017" tells records apart, "3" does not)."""
    found = (w.lower() for w in _WORD.findall(text or ""))
    return [w[:MAX_WORD] for w in found if w not in STOPWORDS and (not w.isdigit() or len(w) > 3)]


def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return fold(stemmer.stemWord(word) if stemmer else word)


def terms(text: str, language: str) -> str:
    """The index terms of a text written in `language`, space-separated."""
    return " ".join(_stem(word, language) for word in words(text))


def query_terms(query: str) -> list[list[str]]:
    """For each word of the query, the terms it may be indexed under (its stem in each of
    the four languages, and the folded word itself), without duplicates."""
    result: list[list[str]] = []
    for word in words(query):
        variants = {fold(word)}
        variants.update(_stem(word, language) for language in STEMMERS)
        variants.discard("")
        if variants:
            result.append(sorted(variants))
    return result


def normalised(text: str) -> str:
    """Lower-cased, folded, single-spaced: to compare a query with a title."""
    return " ".join(fold(w.lower()) for w in _WORD.findall(text or ""))
