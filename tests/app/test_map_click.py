"""Clicking a marker on the map highlights that studio in the list."""

from __future__ import annotations

from appview import result_cards, sample_studios


def test_clicked_marker_selects_its_card(search):
    at = search("Austin, TX")
    third = result_cards(at)[2]
    studio_id = third.split('data-studio="', 1)[1].split('"', 1)[0]
    studio = next(row for row in sample_studios() if row["id"] == studio_id)
    at.session_state["map"] = {
        "last_object_clicked": {"lat": float(studio["latitude"] or 0), "lng": float(studio["longitude"] or 0)},
        "last_object_clicked_tooltip": studio["name"],
    }
    at.run()
    assert not at.exception
    selected = [card for card in result_cards(at) if 'class="af-card af-selected"' in card]
    assert len(selected) == 1 and f'data-studio="{studio_id}"' in selected[0]
