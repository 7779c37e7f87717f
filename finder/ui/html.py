"""``st.html`` for HTML the page has already built: taken as it is, not dedented and stripped again.

``st.html`` passes a string through ``textwrap.dedent`` (a regular expression over every line) before
it sends it. The page's stylesheet and script, and the result list, are tens of kilobytes built on
every run of every visitor, and that walk was about 4 % of the server's CPU per search (py-spy, one
session searching). A body with ``_repr_html_`` is taken as it is, which is what ours needs: its
whitespace is never significant, and it was escaped where it was built (finder.safety).
"""

from __future__ import annotations

import streamlit as st


class _Built:
    """HTML finished by the page; ``st.html`` asks it for ``_repr_html_`` and uses the answer unchanged."""

    __slots__ = ("body",)

    def __init__(self, body: str) -> None:
        self.body = body

    def _repr_html_(self) -> str:
        return self.body


def show_html(body: str, *, unsafe_allow_javascript: bool = False) -> None:
    """Show ``body`` (HTML whose every untrusted value is already escaped) as one element."""
    if body:
        st.html(_Built(body), unsafe_allow_javascript=unsafe_allow_javascript)
