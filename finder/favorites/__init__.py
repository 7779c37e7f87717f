"""Favourites: private lists of starred studios (``model``), kept in SQLite or PostgreSQL (``store``),
exported and imported as CSV (``csv``)."""

from .csv import EXPORT_COLUMNS, export_csv, parse_import
from .model import Favorite, ImportResult, is_valid_list_id, new_list_id
from .store import FavoritesStore, default_url

__all__ = [
    "EXPORT_COLUMNS",
    "Favorite",
    "FavoritesStore",
    "ImportResult",
    "default_url",
    "export_csv",
    "is_valid_list_id",
    "new_list_id",
    "parse_import",
]
