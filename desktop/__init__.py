"""Moodtune: recommends Korean songs whose lyrics and mood fit a short text.

Offline means offline: onnxruntime 1.32 writes a device ID and queued telemetry under
``~/.cache/Microsoft/DeveloperTools`` and looks up Microsoft's telemetry host unless
``ORT_DISABLE_TELEMETRY`` is set before it is imported.  Every entry point (window,
CLI, frozen bundle) imports this package first, so it is set here, unconditionally; the
same goes for one BLAS thread.
"""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
# Ranking is a few mat-vecs over the catalog: OpenBLAS's second thread made a 100,000 x 7 mat-vec
# 8 ms instead of 0.3 ms.  Read by numpy when it loads, so it must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
