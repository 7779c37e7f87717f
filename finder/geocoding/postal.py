"""Reading the postcode in a query: which country's code it is (by format, qualifier, the town typed with it,
then the country of the visitor's last search, the directory's countries and population), and what to say when
the offline data does not hold it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from finder.errors import FinderError, LocationNotFound
from finder.geocoding.labels import MAX_ALTERNATIVES, postal_place
from finder.geocoding.normalize import place_key, postal_key
from finder.geocoding.parse import PostalToken, find_postal_tokens, split_parts
from finder.geocoding.place import Place
from finder.geocoding.postcodes import PostcodeFormats, fallback_keys, format_tokens
from finder.geocoding.qualifiers import consume_qualifiers, postal_rank, qualifier_scopes
from finder.geocoding.store import Gazetteer, PostalRow, Scope

#: A code that fits this many countries or fewer is named in the message when the data does not hold it.
NAMED_COUNTRIES = 3


class PostalReader:
    """Postcodes in queries; ``locate`` (the geocoder's own) places the rest of a query ("06600 Ciudad de México")."""

    def __init__(self, store: Gazetteer, formats: PostcodeFormats, locate: Callable[[str], Place]) -> None:
        self.store = store
        self.formats = formats
        self._locate = locate

    def locate(self, text: str, *, street: bool, last_country: str | None = None) -> Place | None:
        """The postcode in the query as a Place; None when it holds none; the town typed with a code the data
        does not hold, or LocationNotFound saying so. ``last_country``: see OfflineGeocoder.locate."""
        not_held: tuple[PostalToken, frozenset[str], list[str]] | None = None
        for token in self._tokens(text):
            if not_held is not None and token.text in not_held[0].text:
                continue  # "151" of a Greek "151 24"
            parts = split_parts(text.replace(token.text, " "))
            fitting = self._fitting(token, parts)
            rows, note = self._rows(token, fitting)
            if rows:
                return self._answer(text, rows, parts, street=street, note=note, last_country=last_country)
            if fitting and not_held is None:
                not_held = (token, fitting, parts)  # said only when no other reading of the query is a code
        if not_held is not None:
            return self._not_held(text, *not_held)
        return None

    def structured(self, query: str, postal_code: str, wanted: set[str]) -> Place | None:
        """A CSV row's postal code, within its country when it has one, by format otherwise ("01310-100" is
        never French); only a code the data holds: a row with a town is better placed by it than by a coarser code.
        """
        tokens = self._tokens(postal_code) or [PostalToken(postal_key(postal_code), postal_code)]
        for token in tokens:
            fits = self.formats.countries_of(token.text)
            fitting = (fits & wanted or frozenset(wanted)) if wanted else fits
            rows, _ = self._rows(token, fitting, coarser=False)
            if rows:
                return postal_place(query, min(rows, key=postal_rank))
        return None

    def _tokens(self, text: str) -> list[PostalToken]:
        """Codes by country format, then the known shapes; "TX 78701" is Texas and a ZIP, not a Somali code."""
        tokens = [token for token in format_tokens(text, self.formats) if not self._qualifier_and_code(token)]
        return list(dict.fromkeys(tokens + find_postal_tokens(text)))

    def _qualifier_and_code(self, token: PostalToken) -> bool:
        words = token.text.split()
        return len(words) == 2 and any(word.isalpha() and qualifier_scopes(self.store, word) for word in words)

    def _fitting(self, token: PostalToken, parts: list[str]) -> frozenset[str]:
        """The countries the code may belong to: those whose format it fits, narrowed by the qualifier typed
        ("Poland", "POL", "Polska") or else by the town typed with it ("Athens"); the qualifier's countries
        when the code fits none of theirs ("10115, Poland" as typed without Poland's hyphen)."""
        fits = self.formats.countries_of(token.text)
        wanted = self._qualified(token, parts)
        if wanted:
            return fits & wanted or frozenset(wanted)
        where = self._rest_country(parts) if fits else None
        return frozenset({where}) if where in fits else fits

    def _qualified(self, token: PostalToken, parts: list[str]) -> set[str]:
        scopes = consume_qualifiers(self.store, ["_", *parts])[1] if parts else [Scope()]
        wanted = {scope.cc for scope in scopes if scope.cc}
        if token.country_hint:
            wanted = wanted & {token.country_hint} if wanted else {token.country_hint}
        return wanted

    def _rest_country(self, parts: list[str]) -> str | None:
        """The country of the place typed with the code, when it is one."""
        if not any(place_key(part) for part in parts):
            return None
        try:
            return self._locate(", ".join(parts)).country_code
        except FinderError:
            return None

    def _rows(
        self, token: PostalToken, fitting: frozenset[str], *, coarser: bool = True
    ) -> tuple[list[PostalRow], str | None]:
        """Rows of the countries the code may belong to (any country for a partial code such as "H2X"), and a
        note when only a shorter form of the code is held ("01310-100" by Brazil's "01000000")."""
        if not fitting:
            rows = list(self.store.postal_lookup(token.key))
            if len(token.key) < 4 and not token.key.isalpha():
                rows = [row for row in rows if not row.code.isdigit()]  # a bare "123" is not a place
            return rows, None
        for number, key in enumerate((token.key, *fallback_keys(token.key))):
            outward = key == token.key[: len(key)] and not key.isdigit()  # "SW1A", "D02": as precise as held
            exact = number == 0 or outward
            if not (exact or coarser):
                continue
            rows = [row for row in self.store.postal_lookup(key) if row.cc in fitting]
            if rows:
                note = None if exact else f"The offline data has no postcode {token.text}; "
                return rows, note and note + f"placed by {rows[0].code}, the nearest it has."
        return [], None

    def _not_held(self, text: str, token: PostalToken, fitting: frozenset[str], parts: list[str]) -> Place:
        """A code the data does not hold: the town typed with it, else a message that says why and what to do."""
        missing = self.formats.without_data(fitting)
        if missing and len(missing) == len(fitting) and len(missing) <= NAMED_COUNTRIES:
            reason = f"Postcodes of {' or '.join(missing)} are not in the offline data"
        elif len(fitting) <= NAMED_COUNTRIES:
            names = " or ".join(sorted(self.formats.name_of(cc) for cc in fitting))
            reason = f"The postcode {token.text} of {names} is not in the offline data"
        else:
            reason = f"The postcode {token.text} is not in the offline data"
        if any(place_key(part) for part in parts):
            try:
                place = self._locate(", ".join(parts))
            except FinderError:
                pass
            else:
                return replace(place, query=text, note=f"{reason}; placed by {place.label}.")
        raise LocationNotFound(f"{reason}; try the city.")

    def _answer(
        self,
        text: str,
        rows: list[PostalRow],
        parts: list[str],
        *,
        street: bool,
        note: str | None = None,
        last_country: str | None = None,
    ) -> Place:
        """The likeliest row first: one whose place or region the query names, then one in the country of the
        visitor's last search, then the directory's countries, then the most populous country; the others as
        alternatives."""
        rest_keys = {place_key(part) for part in parts} - {""}
        countries = self.store.countries

        def likeliest(row: PostalRow) -> tuple[bool, bool, int, int, str]:
            place, region = place_key(row.place), place_key(row.region)
            named = any(place.startswith(key) or region == key for key in rest_keys)
            population = countries[row.cc].population if row.cc in countries else 0
            return (not named, row.cc != last_country, postal_rank(row), -population, row.cc)

        rows = sorted(rows, key=likeliest)
        if street:
            street_note = "Placed by postal code; the street was not looked up offline."
            note = f"{street_note} {note}" if note else street_note
        alternatives = tuple(postal_place(text, row) for row in rows[1 : MAX_ALTERNATIVES + 1])
        return postal_place(text, rows[0], note=note, alternatives=alternatives)


__all__ = ["PostalReader"]
