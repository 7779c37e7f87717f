"""The studio directory: CSV -> validated columns -> a Directory searchable by exact distance.

The pipeline, one module a step: ``schema`` (the columns, Studio, Match), ``csvread`` (the two CSV
readers), ``validate`` (every rule, every problem by line), ``report`` (what loading found),
``index`` (exact nearest search on the WGS-84 ellipsoid) and ``directory`` (the Directory itself).
"""

from .directory import SAMPLE_DATA, Directory, data_path, load_directory, style_key
from .report import LoadReport, Problem, Severity
from .schema import COLUMNS, KNOWN_COLUMNS, PRECISION_COLUMN, Match, Studio

__all__ = [
    "COLUMNS",
    "KNOWN_COLUMNS",
    "PRECISION_COLUMN",
    "SAMPLE_DATA",
    "Directory",
    "LoadReport",
    "Match",
    "Problem",
    "Severity",
    "Studio",
    "data_path",
    "load_directory",
    "style_key",
]
