"""The benchmark rows have the shape the bench command prints (timings are not asserted here)."""

from finder.bench.favorites import bench_rows
from finder.favorites import FavoritesStore, new_list_id


def test_bench_rows_on_sqlite():
    rows = bench_rows()
    assert [row.name for row in rows] == ["favourites: star or unstar (SQLite)", "favourites: list 500 (SQLite)"]
    assert all(row.unit == "ms" and row.value >= 0 and row.bar.startswith("≤") for row in rows)


def test_bench_rows_on_a_given_store_leave_it_as_found(db_url, row_count):
    rows = bench_rows(store_factory=lambda: FavoritesStore(db_url))
    assert len(rows) == 2
    with FavoritesStore(db_url) as store:
        assert row_count(store) == 0
        assert store.list(new_list_id()) == []
