"""The one place that makes untrusted text safe for HTML, links, Markdown and exported CSV.

Every string that came from the CSV, the location box or the address bar passes through
here before it reaches a page, a map popup, a link or a spreadsheet.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit

# folium places popup and tooltip HTML inside JavaScript template literals, so on top of
# the HTML specials, a backtick, "$" (as in "${") and a backslash must not survive either.
# folium also compiles a rendered popup as a Jinja template a second time (branca's
# Element(rendered)), so "{" and "}" must not survive: "{{ ... }}" would run on the server.
_HTML_ESCAPES = {
    "{": "&#123;",
    "}": "&#125;",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#x27;",
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
    "\n": "&#10;",
    "\r": "&#13;",
    "\u2028": "&#8232;",
    "\u2029": "&#8233;",
}
_HTML_TABLE = str.maketrans(_HTML_ESCAPES)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=:$&])")
# OWASP's CSV-injection advice: a cell must not start with = + - @ (nor tab, CR, LF or NUL, which
# spreadsheets skip), not even behind whitespace or invisible characters, nor right after a character a
# spreadsheet may read as a new cell or line (another delimiter, a line break).
_FORMULA_CHARACTERS = "=+-@"
_BLANK_STARTS = ("\t", "\r", "\n", "\x00")
_SEPARATORS = re.compile(r"[,;|\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SKIPPED_CATEGORIES = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
_PHONE_ALLOWED = re.compile(r"[^0-9+]")


def html_text(value: object) -> str:
    """Escape a value for HTML text or attributes, also safe inside a JS template literal."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value)).translate(_HTML_TABLE)


def markdown_text(value: object) -> str:
    """Escape a value so Streamlit's Markdown shows it literally (no links, no HTML, no LaTeX)."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value)).replace("\n", " ")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def safe_url(value: object) -> str | None:
    """Return the URL if it is an absolute http(s) link with a host, else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text or len(text) > 2048 or _CONTROL.search(text) or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def tel_href(phone: object) -> str | None:
    """A ``tel:`` link for a phone number, keeping only digits and a leading plus."""
    if phone is None:
        return None
    digits = _PHONE_ALLOWED.sub("", str(phone))
    plus = digits.startswith("+")
    digits = digits.replace("+", "")
    if len(digits) < 3:
        return None
    return "tel:" + ("+" if plus else "") + digits


def url_component(value: object) -> str:
    """Percent-encode a value for use inside a URL's query string."""
    return quote("" if value is None else str(value), safe="")


def _starts_formula(segment: str) -> bool:
    """True when the first character that is not blank or invisible starts a formula."""
    for character in segment:
        if character.isspace() or unicodedata.category(character) in _SKIPPED_CATEGORIES:
            continue
        return character in _FORMULA_CHARACTERS
    return False


def _needs_guard(text: str) -> bool:
    """Whether :func:`csv_cell` puts an apostrophe before ``text`` (leading apostrophes seen through, so
    that a value which itself begins with the guard is guarded again and comes back exactly)."""
    text = text.lstrip("'")
    if text.startswith(_BLANK_STARTS):
        return True
    return any(_starts_formula(segment) for segment in _SEPARATORS.split(text))


def from_csv_cell(cell: str | None) -> str:
    """Undo :func:`csv_cell` exactly: drop the apostrophe it put before a guarded value, and nothing else."""
    cell = cell or ""
    if cell.startswith("'") and _needs_guard(cell[1:]):
        return cell[1:]
    return cell


def csv_cell(value: object) -> str:
    """A cell for an exported CSV that a spreadsheet cannot run as a formula: the one function every
    export uses. Write the cells with ``csv.QUOTE_ALL`` too, so no delimiter inside a cell can split it."""
    text = "" if value is None else str(value)
    return "'" + text if _needs_guard(text) else text
