"""The Streamlit side of the decision aid: pages, widgets and session state.

This package may import streamlit; the engine (``decision_aid``) never does. Each module draws one
part of the app and calls the engine for every decision.
"""
