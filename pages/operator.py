"""The operator page: the suggestion queue, the decision log and the directory's health, behind a password.

Run with the app (`streamlit run app.py`, then /operator). Everything happens in finder.ui.operator_view.
"""

from __future__ import annotations

import streamlit as st

from finder.ui import operator_view

st.set_page_config(page_title="Operator · Ashiatsu Finder", page_icon="🦶", layout="wide")
operator_view.page()
