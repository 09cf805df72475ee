"""Moodtune: recommends Korean songs whose lyrics and mood fit a short text.

Importing the package has no side effects: the entry points (``desktop.cli.main``, which the
window, ``python -m desktop`` and the frozen bundle all go through) call
``desktop.core.bootstrap.bootstrap`` first.
"""

__version__ = "0.1.0"
