"""Ashiatsu Finder: find the nearest studios that offer Ashiatsu barefoot massage."""

from .directory import COLUMNS, Directory, LoadReport, Match, Problem, Studio, data_path, load_directory
from .errors import (
    DataFileError,
    FavoritesError,
    FinderError,
    GazetteerMissing,
    GazetteerOutdated,
    GazetteerUnavailable,
    GeocoderUnavailable,
    InvalidListId,
    InvalidQuery,
    LocationNotFound,
    SubmissionError,
    SubmissionRefused,
)
from .geocoding import Place, locate
from .units import Unit, default_unit, format_distance

__all__ = [
    "COLUMNS",
    "DataFileError",
    "Directory",
    "FavoritesError",
    "FinderError",
    "GazetteerMissing",
    "GazetteerOutdated",
    "GazetteerUnavailable",
    "GeocoderUnavailable",
    "InvalidListId",
    "InvalidQuery",
    "LoadReport",
    "LocationNotFound",
    "Match",
    "Place",
    "Problem",
    "Studio",
    "SubmissionError",
    "SubmissionRefused",
    "Unit",
    "data_path",
    "default_unit",
    "format_distance",
    "load_directory",
    "locate",
]
