"""One window per profile: a second start hands over to the running one and exits quietly.

Why: two windows on one moodtune.db worked but confused users (votes in one list do not
show in the other), and a second start used to race the first on a fresh profile.  The
running app listens on a QLocalServer named after the profile folder; a new start that
can connect to it asks it to come to the front and leaves.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop import paths

MESSAGE = b"show\n"


def server_name() -> str:
    folder = str(paths.user_data_dir().resolve())
    return "moodtune-" + hashlib.sha256(folder.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def hand_over(timeout_ms: int = 500) -> bool:
    """True when another Moodtune runs on this profile and was asked to show itself."""
    sock = QLocalSocket()
    sock.connectToServer(server_name())
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
