"""Common abbreviations and nicknames of cities in the countries the directory serves.

Typed alone, "LA" means Los Angeles more often than Laos or Louisiana, and "TO" Toronto rather than Tonga;
the table says which query to read them as. The other readings stay in the alternatives list.
Every row has a test (tests/geocoding/test_nicknames.py) that checks where it lands.
"""

from __future__ import annotations

from finder.geocoding.normalize import place_key

#: nickname -> the query it stands for (a query the gazetteer places exactly)
NICKNAMES: dict[str, str] = {
    # United States
    "NYC": "New York City, NY, US",
    "Big Apple": "New York City, NY, US",
    "LA": "Los Angeles, CA, US",
    "SF": "San Francisco, CA, US",
    "Frisco": "San Francisco, CA, US",
    "Philly": "Philadelphia, PA, US",
    "DC": "Washington, DC, US",
    "KC": "Kansas City, MO, US",
    "Vegas": "Las Vegas, NV, US",
    "NOLA": "New Orleans, LA, US",
    "Chi-Town": "Chicago, IL, US",
    "ATL": "Atlanta, GA, US",
    "SLC": "Salt Lake City, UT, US",
    "OKC": "Oklahoma City, OK, US",
    "PDX": "Portland, OR, US",
    "STL": "St. Louis, MO, US",
    "ABQ": "Albuquerque, NM, US",
    "Indy": "Indianapolis, IN, US",
    "Jax": "Jacksonville, FL, US",
    "Nashvegas": "Nashville, TN, US",
    # Canada
    "TO": "Toronto, ON, CA",
    "T.O.": "Toronto, ON, CA",
    "The 6ix": "Toronto, ON, CA",
    "MTL": "Montreal, QC, CA",
    "YVR": "Vancouver, BC, CA",
    "YYC": "Calgary, AB, CA",
    # United Kingdom and Ireland
    "LDN": "London, England, GB",
    "Brum": "Birmingham, England, GB",
    "Manny": "Manchester, England, GB",
    "Dub": "Dublin, Leinster, IE",
    # Australia and New Zealand
    "Syd": "Sydney, NSW, AU",
    "Melb": "Melbourne, VIC, AU",
    "Brissie": "Brisbane, QLD, AU",
    "Brisvegas": "Brisbane, QLD, AU",
    "Akl": "Auckland, NZ",
    "Welly": "Wellington, NZ",
    "Chch": "Christchurch, NZ",
    # India, Thailand, Japan, Germany, Mexico, Indonesia
    "BLR": "Bengaluru, IN",
    "Hyd": "Hyderabad, Telangana, IN",
    "BKK": "Bangkok, TH",
    "FFM": "Frankfurt am Main, DE",
    "CDMX": "Mexico City, MX",
    "DF": "Mexico City, MX",
    "GDL": "Guadalajara, Jalisco, MX",
    "Jogja": "Yogyakarta, ID",
}

_BY_KEY = {place_key(nickname): query for nickname, query in NICKNAMES.items()}


def nickname_query(text: str) -> str | None:
    """The query a typed nickname or abbreviation stands for, or None when the text is not one."""
    return _BY_KEY.get(place_key(text))
