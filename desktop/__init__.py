"""Moodtune: recommends Korean songs whose lyrics and mood fit a short text.

Offline means offline: onnxruntime 1.32 writes a device ID and queued telemetry under
``~/.cache/Microsoft/DeveloperTools`` and looks up Microsoft's telemetry host unless
``ORT_DISABLE_TELEMETRY`` is set before it is imported.  Every entry point (window,
CLI, frozen bundle) imports this package first, so it is set here, unconditionally.
"""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
