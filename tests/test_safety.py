"""Untrusted text made safe for HTML, Markdown, links and exported CSV."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder import Studio
from finder.links import studio_links
from finder.safety import csv_cell, from_csv_cell, html_text, markdown_text, safe_url, tel_href

_HTML_RAW = "&<>\"'`$\\\n\r\u2028\u2029"


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("'", "&#x27;"),
        ("`", "&#96;"),
        ("$", "&#36;"),
        ("\\", "&#92;"),
        ("\n", "&#10;"),
        ("\r", "&#13;"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("${alert(1)}", "&#36;&#123;alert(1)&#125;"),
        ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),  # folium compiles popups as Jinja: never a template
        ("Lotus & Fern", "Lotus &amp; Fern"),
        ("a\x00b\x1bc", "abc"),
        (None, ""),
        (42, "42"),
    ],
)
def test_html_text(value, escaped):
    assert html_text(value) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_html_text_leaves_nothing_raw(value):
    escaped = html_text(value)
    assert not set(escaped) & set(_HTML_RAW.replace("&", ""))
    assert re.search(r"&(?!(amp|lt|gt|quot|#x27|#96|#36|#92|#10|#13|#8232|#8233|#123|#125);)", escaped) is None
    assert "<script" not in escaped.lower()


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("$x^2$", r"\$x^2\$"),
        ("<b>hi</b>", r"\<b\>hi\</b\>"),
        ("# heading\nnext", r"\# heading next"),
        ("Lotus Healing Arts", "Lotus Healing Arts"),
        (None, ""),
    ],
)
def test_markdown_text(value, escaped):
    assert markdown_text(value) == escaped


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_markdown_text_escapes_every_special(value):
    escaped = markdown_text(value)
    assert "\n" not in escaped
    unescaped = re.sub(r"\\(.)", "", escaped, flags=re.DOTALL)
    assert not set(unescaped) & set("\\`*_{}[]()#+-.!|<>~=:$&")


@pytest.mark.parametrize(
    "url",
    [
        "https://lotus.example.org/",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/Book?x=1&y=2#top",
        "https://example.com:8443/path",
        "  https://example.com  ",
        "https://example.com\n",
    ],
)
def test_safe_url_keeps_http_links(url):
    assert safe_url(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com",
        "//evil.com",
        "/relative/path",
        "example.com",
        "http://",
        "https://",
        "http:///path",
        "https://exa mple.com",
        "https://example.com/a b",
        "https://example.com/\x00",
        "https://example.com/\x1b",
        "java\tscript:alert(1)",
        "https://example.com/\na",
        "http://[::1",
        "https://" + "a" * 2050 + ".com",
        "",
        None,
    ],
)
def test_safe_url_refuses_everything_else(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+1 (512) 555-0135", "tel:+15125550135"),
        ("512.555.0135", "tel:5125550135"),
        ("+44 20 7946 0958", "tel:+442079460958"),
        ("1+2+3", "tel:123"),
        ("javascript:alert(1)", None),
        ("12", None),
        ("", None),
        (None, None),
    ],
)
def test_tel_href(phone, href):
    assert tel_href(phone) == href


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tel_href_is_only_digits(phone):
    href = tel_href(phone)
    assert href is None or re.fullmatch(r"tel:\+?[0-9]{3,}", href)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 512 555 0135", "'+1 512 555 0135"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (" =1+1", "' =1+1"),
        ("\u00a0=1+1", "'\u00a0=1+1"),
        ("\u200b=1+1", "'\u200b=1+1"),
        ("\ufeff=1+1", "'\ufeff=1+1"),
        ("\u2003\u200b @SUM(A1)", "'\u2003\u200b @SUM(A1)"),
        ("12 Main St\n=HYPERLINK(1)", "'12 Main St\n=HYPERLINK(1)"),
        ("Lotus;=1+1", "'Lotus;=1+1"),
        ("Lotus,  -2+3", "'Lotus,  -2+3"),
        ("Lotus\u2028+1", "'Lotus\u2028+1"),
        ("\n", "'\n"),
        ("'=quoted", "''=quoted"),
        ("'plain", "'plain"),
        ("Lotus = calm", "Lotus = calm"),
        ("Lotus - calm, quiet", "Lotus - calm, quiet"),
        ("", ""),
        (None, ""),
        (80, "80"),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


# --- links from a listing ----------------------------------------------------------------------

HOSTILE = Studio(
    id="x",
    name="<b>x</b>",
    latitude=30.2672,
    longitude=-97.7431,
    phone="+1 (512) 555-0135",
    website="javascript:alert(1)",
    booking_url="data:text/html,x",
)


def _all_links(links):
    return [links.directions_osm, links.directions_google, links.phone, links.website, links.booking]


@pytest.mark.parametrize("origin", [None, (30.0, -97.0), (-33.8688, 151.2093), (90.0, -180.0)])
def test_studio_links_are_only_http_or_tel(origin):
    links = studio_links(HOSTILE, origin)
    assert (links.website, links.booking) == (None, None)
    assert links.phone == "tel:+15125550135"
    for link in _all_links(links):
        assert link is None or link.startswith(("https://", "http://", "tel:"))
        assert link is None or not re.search(r"[\s<>\"'`]", link)


def test_studio_links_keep_safe_websites():
    studio = Studio(
        id="x",
        name="Lotus",
        latitude=1.0,
        longitude=2.0,
        website="https://lotus.example.org/",
        booking_url="http://book.example.net/lotus",
    )
    links = studio_links(studio)
    assert (links.website, links.booking, links.phone) == (
        "https://lotus.example.org/",
        "http://book.example.net/lotus",
        None,
    )


def test_studio_links_encode_the_origin():
    links = studio_links(HOSTILE, (30.5, -97.25))
    assert "origin=30.500000%2C-97.250000" in links.directions_google
    assert "destination=30.267200%2C-97.743100" in links.directions_google
    assert "route=30.500000%2C-97.250000%3B30.267200%2C-97.743100" in links.directions_osm
    assert unquote(links.directions_osm.split("route=")[1]) == "30.500000,-97.250000;30.267200,-97.743100"


def test_studio_links_without_origin_point_at_the_studio():
    links = studio_links(HOSTILE)
    assert "mlat=30.267200&mlon=-97.743100" in links.directions_osm
    assert links.directions_google.endswith("destination=30.267200%2C-97.743100")


@pytest.mark.parametrize(
    "value",
    ["=SUM(A1)", "+1 555 0100", "-5", "@mention", "\tx", "\rx", "'=quoted", "''=twice", "'plain", "plain", "", " =1"],
)
def test_from_csv_cell_undoes_csv_cell(value):
    assert from_csv_cell(csv_cell(value)) == value


@given(st.text())
def test_from_csv_cell_undoes_csv_cell_for_any_text(value):
    assert from_csv_cell(csv_cell(value)) == value
