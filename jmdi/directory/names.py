"""Organisation names reduced to a key, so that one organisation written two ways is found.

"Commune de Tanger", "COMMUNE DE TANGER", "Tanger" and "Tánger" all have the key
"tanger": accents are stripped, case is folded, punctuation and runs of spaces become a
single space, and the generic words a local authority is often (but not always) written
with — "Commune de", "Municipalidad de", "City of", "بلدية" — are removed from the front.

The key is stored on each organisation (`Organisation.name_key`) and compared by
`similar_organisations` (see selectors), first by equality on an index, then by a
similarity ratio over a small set of candidates sharing the key's first letters
(`Organisation.name_stem`).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

#: How many leading characters of the key (spaces left out) candidates must share.
STEM_LENGTH = 4
#: Two keys at least this similar (difflib's ratio) name a likely duplicate.
SIMILARITY = 0.85

#: Generic words in front of a local authority's name, already reduced as keys are (no
#: accents, lower case, "d'" as "d"). The longest are tried first; several may follow
#: each other ("Mairie de la Ville de ...").
_PREFIXES = [
    # French
    "commune urbaine de",
    "commune urbaine d",
    "commune rurale de",
    "commune rurale d",
    "commune de",
    "commune d",
    "commune",
    "municipalite de",
    "municipalite d",
    "mairie de",
    "mairie d",
    "ville de",
    "ville d",
    "conseil municipal de",
    "conseil municipal d",
    "conseil regional de",
    "conseil regional d",
    "conseil departemental de",
    "conseil departemental d",
    "region de",
    "region d",
    "departement de",
    "departement d",
    "province de",
    "province d",
    "la",
    # Spanish
    "gobierno autonomo descentralizado municipal de",
    "gobierno autonomo descentralizado provincial de",
    "gobierno autonomo descentralizado parroquial de",
    "gobierno autonomo descentralizado de",
    "gad municipal de",
    "gad de",
    "ilustre municipalidad de",
    "municipalidad de",
    "municipio de",
    "ayuntamiento de",
    "alcaldia municipal de",
    "alcaldia de",
    "gobierno municipal de",
    "gobierno regional de",
    "departamento de",
    "provincia de",
    "canton",
    # English
    "city government of",
    "municipal government of",
    "municipal council of",
    "city council of",
    "municipality of",
    "city of",
    "town of",
    "district of",
    "county of",
    "province of",
    "region of",
    "the",
    # Arabic (hamza forms and ta marbuta already reduced, see `_ARABIC`)
    "المجلس البلدي ل",
    "الجماعه الحضريه ل",
    "الجماعه القرويه ل",
    "الجماعه الترابيه ل",
    "جماعه",
    "الجماعه",
    "بلديه",
    "البلديه",
    "مدينه",
    "المدينه",
    "ولايه",
    "عماله",
    "اقليم",
]
_PREFIX_WORDS = sorted((p.split() for p in _PREFIXES), key=len, reverse=True)

#: Generic words after the name ("Tanger Municipality", "Pokhara Metropolitan City").
_SUFFIXES = [
    "metropolitan city",
    "sub metropolitan city",
    "rural municipality",
    "municipality",
    "municipal council",
    "city council",
    "city government",
    "municipal corporation",
]
_SUFFIX_WORDS = sorted((s.split() for s in _SUFFIXES), key=len, reverse=True)

#: Arabic letters written several ways: hamza forms as alef, ta marbuta as ha, alef
#: maqsura as ya; the tatweel (a stretching stroke) and short vowels are dropped.
_ALEF, _HEH = "\u0627", "\u0647"
_ARABIC = str.maketrans(
    {"أ": _ALEF, "إ": _ALEF, "آ": _ALEF, "ٱ": _ALEF, "ة": _HEH, "ى": "ي", "ـ": None}
)
_LAM = "ل"
_NOT_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "œ" and "ß" have no decomposition: casefold writes them out ("ss"); "œ" by hand.
    folded = stripped.casefold().replace("œ", "oe").replace("æ", "ae")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def _strip_words(words: list[str]) -> list[str]:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIX_WORDS:
            if prefix[-1] == _LAM and len(words) >= len(prefix):
                # "الجماعة الحضرية لطنجة": the "ل" (of) is joined to the name itself.
                head, rest = words[: len(prefix) - 1], words[len(prefix) - 1 :]
                if head == prefix[:-1] and len(rest[0]) > 2 and rest[0][0] == _LAM:
                    words = [rest[0][1:], *rest[1:]]
                    changed = True
                    break
            elif len(words) > len(prefix) and words[: len(prefix)] == prefix:
                words = words[len(prefix) :]
                changed = True
                break
        else:
            for suffix in _SUFFIX_WORDS:
                if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
                    words = words[: -len(suffix)]
                    changed = True
                    break
    return words


def name_key(name: str) -> str:
    """The comparable form of an organisation's name (see the module docstring).

    The generic words are removed only when something is left: "Commune" alone keeps
    its key "commune".
    """
    return " ".join(_strip_words(_fold(name).split()))[:250]


def name_stem(key: str) -> str:
    """The first letters of a key, where likely duplicates are looked for."""
    return key.replace(" ", "")[:STEM_LENGTH]


def similarity(left: str, right: str) -> float:
    """How alike two keys are, from 0 to 1 (1: the same)."""
    if left == right:
        return 1.0
    return SequenceMatcher(None, left, right, autojunk=False).ratio()
