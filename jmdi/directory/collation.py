"""Names in the order a reader expects: accents, case and Arabic letter forms considered.

Two places sort names, and they must agree:

* Python sorts the country names django-countries translates (`sort_key`), in the
  reader's language: "Équateur" among the E's in French, "El Salvador" after "Ecuador",
  "السلفادور" among the ال... names in Arabic.
* The database sorts organisation names through a collation called `jmdi_names`
  (`NAMES_COLLATION`). On PostgreSQL it is an ICU collation created by a migration; on
  SQLite it is `compare_names`, registered on every connection by `register_collation`.

The key follows the Unicode Collation Algorithm as ICU applies it (CLDR's root order),
closely enough that it gives ICU's order for every country name in the four languages
(a test checks this against PostgreSQL): letters first compare without accents and case
("Béni Mellal" < "Berkane" < "berrechid" < "Berrechid"), then accents break ties, then
case, lower case first. Two tailorings are applied:

* Arabic (always; it touches Arabic letters only, as CLDR's Arabic tailoring does): the
  hamza forms ء أ إ ؤ ئ sort with alef, آ as hamza then alef, ة with ت, ى with ي; the
  tatweel is ignored, and short vowels, like accents, only break ties.
* Spanish (`language="es"`, for country names only): ñ is a letter after n.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

#: The collation the database sorts organisation names with (see the module docstring).
NAMES_COLLATION = "jmdi_names"
#: The ICU locale of that collation on PostgreSQL: the root order with CLDR's Arabic
#: tailoring, and Latin script before Arabic (`kr`: reorder) as the root order has it.
NAMES_COLLATION_ICU_LOCALE = "ar-u-kr-latn-arab"

_PUNCTUATION, _LETTER = 0, 2
#: Punctuation and symbols in the root order (spaces first), before digits and letters.
_PUNCTUATION_ORDER = {ch: rank for rank, ch in enumerate(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")}
#: Accents in the root order's secondary weights (unaccented before all of them).
_ACCENT_ORDER = {
    mark: rank + 1
    for rank, mark in enumerate(
        "\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0327\u0328\u0304"
    )
}
_EXPANSIONS = {"œ": "oe", "æ": "ae"}
_LIGATURE = 999

_ALEF = "\u0627"
#: Letters that sort as alef, with the rank that breaks a tie between them.
_ALEF_FORMS = {"ء": 1, "أ": 2, "ؤ": 3, "إ": 4, "ئ": 5, _ALEF: 6}
#: Letters that sort as another letter, before it when nothing else differs.
_ARABIC_VARIANTS = {"ة": "ت", "ى": "ي"}
_ALEF_WITH_MADDA = "آ"
_TATWEEL = "\u0640"

#: One collation element: (primary, secondary, tertiary) weights.
Element = tuple[tuple[int, ...], int, int]


def _elements(text: str, language: str) -> list[Element]:
    elements: list[Element] = []
    for char in unicodedata.normalize("NFC", text):
        if char == _TATWEEL:
            continue
        if char in _ALEF_FORMS:
            elements.append(((_LETTER, ord(_ALEF)), _ALEF_FORMS[char], 0))
            continue
        if char == _ALEF_WITH_MADDA:
            # As hamza then alef, just after "ءا".
            elements.append(((_LETTER, ord(_ALEF)), _ALEF_FORMS["ء"], 0))
            elements.append(((_LETTER, ord(_ALEF)), _ALEF_FORMS[_ALEF], 1))
            continue
        if char in _ARABIC_VARIANTS:
            elements.append(((_LETTER, ord(_ARABIC_VARIANTS[char])), -1, 0))
            continue
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                if language == "es" and part == "\u0303" and elements:
                    primary, secondary, tertiary = elements[-1]
                    if primary == (_LETTER, ord("n")):
                        elements[-1] = ((_LETTER, ord("n"), 1), secondary, tertiary)
                        continue
                if elements:
                    primary, secondary, tertiary = elements[-1]
                    weight = _ACCENT_ORDER.get(part, 100 + ord(part))
                    elements[-1] = (primary, secondary * 1000 + weight, tertiary)
                continue
            upper = int(part.isupper())
            expanded = part.lower() in _EXPANSIONS
            for index, base in enumerate(_EXPANSIONS.get(part.lower(), part.casefold())):
                # "œ" sorts as "oe", after "oe", "OE" and accented forms of them.
                secondary = _LIGATURE if expanded and index == 0 else 0
                if base.isalnum():
                    elements.append(((_LETTER, ord(base)), secondary, upper))
                else:
                    rank = _PUNCTUATION_ORDER.get(base, 100 + ord(base))
                    elements.append(((_PUNCTUATION, rank), secondary, upper))
    return elements


@lru_cache(maxsize=100_000)
def sort_key(text: str, language: str = "") -> tuple[Any, ...]:
    """A key that sorts `text` as described above; `language` adds its tailoring."""
    elements = _elements(text, language)
    return (
        tuple(primary for primary, _secondary, _tertiary in elements),
        tuple(secondary for _primary, secondary, _tertiary in elements),
        tuple(tertiary for _primary, _secondary, tertiary in elements),
        text,  # identical keys otherwise: code points decide, as a deterministic ICU does
    )


def compare_names(left: str, right: str) -> int:
    """SQLite's collation function: negative, zero or positive, like `strcmp`."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On each new SQLite connection, teach it `jmdi_names` (PostgreSQL has it from a
    migration). Connected to `connection_created` by the app's config.

    A client other than Django (the `sqlite3` shell) does not know this collation: it
    can read the tables, but cannot write organisations, whose name index uses it.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAMES_COLLATION, compare_names)
