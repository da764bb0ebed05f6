"""A treatment-pathway decision aid engine: pure Python, never imports Streamlit."""

from __future__ import annotations

__version__ = "0.1.0"
