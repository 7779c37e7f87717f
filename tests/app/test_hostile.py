"""A listing whose name and website are hostile HTML/JavaScript is shown as text and never linked."""

from __future__ import annotations

from appview import map_script, result_cards, texts, write_csv
from pins import map_pins

HOSTILE_NAME = "<img src=x onerror=alert(1)> `${alert(2)}` </script>"


def test_hostile_listing_is_inert_in_cards_and_map(open_app, monkeypatch, tmp_path):
    rows = [
        {
            "id": "evil",
            "name": HOSTILE_NAME,
            "latitude": "30.2672",
            "longitude": "-97.7431",
            "country": "US",
            "website": "javascript:alert(1)",
            "booking_url": "javascript:alert(3)",
            "description": "<b>bold</b>",
        },
        {"id": "good", "name": "Plain Studio", "latitude": "30.28", "longitude": "-97.75", "country": "US"},
    ]
    monkeypatch.setenv("FINDER_DATA", str(write_csv(tmp_path / "hostile.csv", rows)))
    at = open_app(place="Austin, TX")
    card_html = "\n".join(result_cards(at))
    script = map_script(at)
    assert "Plain Studio" in card_html and len(map_pins(script)) == 2
    for shown in (card_html, script):
        assert "<img" not in shown
        assert "javascript:" not in shown
        assert "<b>bold" not in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in card_html
    assert "${alert" not in script  # folium puts tooltips in JavaScript template literals


def test_typed_markdown_is_shown_as_text_not_as_a_link(search):
    at = search("[Portland](https://evil.example)")  # the "no place called ..." message quotes it
    assert not at.exception
    assert any("[Portland](https://evil.example)" in text for text in texts(at.warning))  # shown as typed
    for element in (*at.warning, *at.markdown, *at.caption):
        assert "](https://evil" not in element.value  # brackets and parentheses arrive escaped
