"""show_html: the HTML the page built reaches the browser exactly as built (st.html would dedent and strip it)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    from finder.ui.html import show_html

    show_html("  <p>indented</p>\n    <pre>  kept\n  as is</pre>  ")
    show_html("")  # nothing to show: no element, no error


def test_the_body_reaches_the_page_unchanged_and_an_empty_one_is_left_out():
    at = AppTest.from_function(_page, default_timeout=30)
    at.run()
    assert not at.exception
    bodies = [element.proto.body for element in at.get("html")]
    assert bodies == ["  <p>indented</p>\n    <pre>  kept\n  as is</pre>  "]
