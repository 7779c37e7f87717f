"""What a person sees before typing anything."""

from __future__ import annotations

from appview import page_html, texts


def test_title_sample_notice_and_prompt(open_app):
    at = open_app()
    header = page_html(at)
    assert "<h1>Ashiatsu Finder</h1>" in header
    assert "these studios are fictional" in header  # for visitors; the operator's advice is in the README
    assert "FINDER_DATA" not in header
    assert "Type where you are (a town, a postal code, an address) or use your location." in texts(at.caption)
    assert not at.get("component_instance") or all(
        not element.proto.component_name.endswith("st_folium") for element in at.get("component_instance")
    )


def test_why_ashiatsu_with_safety_and_attribution(open_app):
    at = open_app()
    at.button(key="why").click().run()
    assert not at.exception
    panel = "\n".join(texts(at.markdown) + texts(at.caption))
    assert at.button(key="why").label == "Why Ashiatsu?"
    assert "bars fixed to the ceiling" in panel
    for condition in ("pregnant", "osteoporosis", "surgery", "blood thinners", "high blood pressure"):
        assert condition in panel
    assert "not medical advice" in panel
    assert "Chavutti Thirumal" in panel and "rope" in panel  # accurate for every style listed
    assert "GeoNames" in panel and "CC BY" in panel and "OpenStreetMap" in panel
