"""Process-wide start-up settings, applied by the entry points (window, CLI, bundle), never on import.

Why not in ``desktop/__init__``: everything that imports the package (tests, benchmarks, the
training scripts) used to get them as a side effect, so training ran numpy on one BLAS thread.
Why these two:

* ``ORT_DISABLE_TELEMETRY``: onnxruntime otherwise writes a device ID and queued telemetry under
  ``~/.cache/Microsoft/DeveloperTools`` and looks up Microsoft's telemetry host.  It is read when
  onnxruntime is imported, so ``no_telemetry`` is also called right before each import of it
  (offline means offline for code that uses the engine without an entry point, too).
* ``OPENBLAS_NUM_THREADS``: ranking is a few mat-vecs over the catalog, for which OpenBLAS's second
  thread costs more than it saves (figures: docs/BENCHMARKS.md).  numpy reads it when it loads, so
  ``bootstrap`` must run before numpy is imported; a value the user set is kept.
"""

from __future__ import annotations

import os


def no_telemetry() -> None:
    """Turn onnxruntime's telemetry off (before onnxruntime is imported); always, whatever was set."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"


def bootstrap() -> None:
    """Everything an entry point sets up before the first import of numpy or onnxruntime."""
    no_telemetry()
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
