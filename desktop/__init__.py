"""Moodtune: recommends Korean songs whose lyrics carry the emotions of a short text."""

__version__ = "0.1.0"
