"""Values are trimmed of Unicode spaces (NEL, no-break space, line separator), whatever the other rows hold."""

import pytest

from finder.directory import load_directory


@pytest.mark.parametrize("space", ["\x85", "\u00a0", "\u2028", "\u3000", " "])
def test_a_value_is_trimmed_even_when_no_other_value_needs_it(tmp_path, space):
    path = tmp_path / "studios.csv"
    path.write_text(f"id,name,latitude,longitude\ns1,{space}Lotus{space},30.1,-97.1\ns2,Plain,30.2,-97.2\n", "utf-8")
    names = {studio.id: studio.name for studio in load_directory(path, geocoder=None)}
    assert names == {"s1": "Lotus", "s2": "Plain"}  # before: NEL and its kin stayed when nothing else was trimmed
