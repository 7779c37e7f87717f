"""One exception family for the finder.

Every error a person can cause derives from :class:`FinderError`, and each subclass
also inherits the built-in it resembles, so callers may catch either.
Messages are written for people: they say what went wrong and what to do next.
"""

from __future__ import annotations


class FinderError(Exception):
    """Base class of every error the finder raises on purpose."""


class DataFileError(FinderError, OSError):
    """The studio CSV is missing, empty, not UTF-8 or not CSV."""


class InvalidQuery(FinderError, ValueError):
    """What was typed cannot be a place: empty, too long, control characters, out of range."""


class LocationNotFound(FinderError, LookupError):
    """Nothing matches the query; ``suggestions`` holds labels of near misses."""

    def __init__(self, message: str, *, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = tuple(suggestions)


class GazetteerUnavailable(FinderError, OSError):
    """The offline gazetteer file cannot be used: typed coordinates still work, place names do not."""


class GazetteerMissing(GazetteerUnavailable, FileNotFoundError):
    """The offline gazetteer file has not been built."""


class GazetteerOutdated(GazetteerUnavailable):
    """The gazetteer file was built by another version of scripts/build_gazetteer.py: it must be rebuilt."""


class GazetteerDamaged(GazetteerUnavailable):
    """The offline gazetteer file cannot be read (truncated, overwritten, replaced while in use): it must be rebuilt."""


class GeocoderUnavailable(FinderError, ConnectionError):
    """An online geocoder failed or timed out; the offline answer stands in."""


class FavoritesError(FinderError, RuntimeError):
    """The favourites store could not complete an operation; nothing was changed."""


class FavoritesUnavailable(FavoritesError, ConnectionError):
    """The favourites database does not answer (a timeout, a lost connection): favourites fail at once for a while."""


class InvalidListId(FavoritesError, ValueError):
    """A favourites list id that is malformed: it opens nothing and creates nothing."""


class SubmissionError(FinderError, RuntimeError):
    """A suggestion could not be stored or decided; nothing was changed."""


class SubmissionRefused(SubmissionError, ValueError):
    """A suggestion was not accepted (a limit was hit, a field is wrong); the message says what to do."""


class InvalidStudioId(FavoritesError, ValueError):
    """A studio id the favourites store cannot keep exactly (empty, too long, NUL, an unpaired surrogate)."""
