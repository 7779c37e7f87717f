"""Lookup keys: the one normalisation shared by the gazetteer build and the runtime.

"São Paulo", "Sao Paulo" and "SAO  PAULO" share the key "sao paulo"; "St. Louis" and
"Saint Louis" share "saint louis"; "Mt. Shasta" and "Mount Shasta" share "mount shasta".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

#: Abbreviations people type for words in place names, folded to the long form.
_WORD_FORMS = {
    "st": "saint",
    "ste": "sainte",
    "sta": "santa",
    "mt": "mount",
    "mtn": "mountain",
    "ft": "fort",
    "pt": "point",
}
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def place_key(text: str) -> str:
    """The lookup key of a place name: ASCII, case-folded, punctuation folded, abbreviations unified."""
    text = unicodedata.normalize("NFKC", text)
    text = anyascii(_APOSTROPHES.sub("", text)).casefold()
    text = _APOSTROPHES.sub("", text)
    words = _NON_ALNUM.sub(" ", text).split()
    return " ".join(_WORD_FORMS.get(word, word) for word in words)


def as_typed(name: str) -> str:
    """A name as written, case and spacing aside: "Bāli" and "Bali" differ here, unlike their place keys, and so do
    "大阪" (Osaka) and "Daban" (an old name of Durban), which share the key "daban"."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def postal_key(text: str) -> str:
    """The lookup key of a postal code: upper case, letters and digits only ("sw1a 1aa" -> "SW1A1AA")."""
    return re.sub(r"[^0-9A-Z]", "", anyascii(text).upper())


_SOUND_RULES = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "s"), ("v", "f"))


@lru_cache(maxsize=65536)
def sound_key(key: str) -> str:
    """A rough consonant skeleton of a place key, so "albuqerky" finds "albuquerque" ("albkrk")."""
    text = key.replace(" ", "")
    if not text:
        return ""
    for old, new in _SOUND_RULES:
        text = text.replace(old, new)
    skeleton = [text[0]]
    for ch in text[1:]:
        if ch in "aeiouyhw" or ch == skeleton[-1]:
            continue
        skeleton.append(ch)
    return "".join(skeleton)
