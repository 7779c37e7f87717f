"""Helpers for the Streamlit app: map building, session/URL state, small components."""
