# Moodtune's replacement for PyInstaller's PySide6 run-time hook (build.spec: hookspath).
#
# PyInstaller's own hook sets the same variables, then imports PySide6.QtCore to register an
# embedded qt.conf, a no-op for PyPI wheels, which register their own when QtCore is imported.
# That import ran before any of the app's code: every CLI command paid ~0.2 s for Qt it never
# uses, and the window's start imported numpy after PySide6's import hook was installed,
# which makes each later import slower.  The self-test checks that the frozen Qt still finds its
# platform plugin and Korean translations.


def _pyi_rthook():
    import os
    import sys

    qt_dir = (
        os.path.join(sys._MEIPASS, "PySide6")
        if sys.platform.startswith("win")
        else os.path.join(sys._MEIPASS, "PySide6", "Qt")
    )
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt_dir, "qml")
    if sys.platform.startswith("win"):  # QtNetwork finds OpenSSL DLLs collected next to the app
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")


_pyi_rthook()
del _pyi_rthook
