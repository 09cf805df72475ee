"""One window per profile: a second start hands over to the running one and exits quietly.

Why: two windows on one moodtune.db worked but confused users (votes in one list do not
show in the other), and a second start used to race the first on a fresh profile.  The
running app listens on a QLocalServer named after the profile folder; a new start that
can connect to it asks it to come to the front and leaves.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.core import paths

MESSAGE = b"show\n"
log = logging.getLogger("moodtune")


def _private_folder(folder: Path, create: bool) -> bool:
    """True when ``folder`` is a real folder of this user that nobody else can enter (0700)."""
    try:
        if create:
            folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def socket_folder() -> Path | None:
    """Where the hand-over socket lives: ``$XDG_RUNTIME_DIR`` (per user, 0700), else a 0700
    ``moodtune-<uid>`` folder in the temp folder; None when neither is this user's alone.

    Why: the socket used to sit in the shared /tmp under a name anyone could work out from
    the home path, so another local user could plant one there and every start handed over to
    it and quit without a window.  A folder only this user can enter cannot hold such a socket."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and _private_folder(Path(runtime), create=False):
        return Path(runtime)
    fallback = Path(tempfile.gettempdir()) / f"moodtune-{os.getuid()}"
    return fallback if _private_folder(fallback, create=True) else None


def server_name() -> str | None:
    """The profile's server: a socket path on POSIX, a pipe name elsewhere (per user there);
    None when no private place exists (then every start opens its own window)."""
    folder = str(paths.user_data_dir().resolve())
    name = "moodtune-" + hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    if os.name != "posix":
        return name
    place = socket_folder()
    if place is None:
        log.warning("no private folder for the single-instance socket; another start will open a second window")
        return None
    return str(place / name)


def hand_over(timeout_ms: int = 500) -> bool:
    """True when another Moodtune runs on this profile and was asked to show itself."""
    name = server_name()
    if name is None:
        return False
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(MESSAGE)
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later starts; ``activate_requested`` asks the window to come to the front."""

    activate_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name()
        if name is None:
            return
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # a stale socket left by a crashed run
            self.server.listen(name)
        self.server.newConnection.connect(self._connection)

    def close(self) -> None:
        """Stop listening (the window's run has ended)."""
        self.server.close()

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll()).startswith(b"show"):
            self.activate_requested.emit()
