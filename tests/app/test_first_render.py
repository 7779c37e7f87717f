"""What a person sees before typing anything."""

from __future__ import annotations

from appview import texts


def test_title_sample_notice_and_prompt(open_app):
    at = open_app()
    assert texts(at.title) == ["Ashiatsu Finder"]
    assert any("sample directory" in notice for notice in texts(at.info))
    assert "Type where you are to see the studios nearest to you." in texts(at.caption)
    assert not at.get("component_instance") or all(
        not element.proto.component_name.endswith("st_folium") for element in at.get("component_instance")
    )


def test_sidebar_why_ashiatsu_with_safety_and_attribution(open_app):
    at = open_app()
    sidebar = "\n".join(texts(at.sidebar.markdown) + texts(at.sidebar.caption))
    assert "Why Ashiatsu" in sidebar
    for condition in ("pregnant", "osteoporosis", "surgery", "blood thinners", "high blood pressure"):
        assert condition in sidebar
    assert "not medical advice" in sidebar
    assert "GeoNames" in sidebar and "CC BY" in sidebar and "OpenStreetMap" in sidebar
