"""Ashiatsu Finder: find the nearest studios that offer Ashiatsu barefoot massage."""

from .directory import Directory, data_path, load_directory
from .errors import (
    DataFileError,
    FavoritesError,
    FinderError,
    GeocoderUnavailable,
    InvalidListId,
    InvalidQuery,
    LocationNotFound,
)
from .geocoding.place import Place
from .nearest import Match
from .report import LoadReport, Problem
from .studios import COLUMNS, Studio

__all__ = [
    "COLUMNS",
    "DataFileError",
    "Directory",
    "FavoritesError",
    "FinderError",
    "GeocoderUnavailable",
    "InvalidListId",
    "InvalidQuery",
    "LoadReport",
    "LocationNotFound",
    "Match",
    "Place",
    "Problem",
    "Studio",
    "data_path",
    "load_directory",
]
