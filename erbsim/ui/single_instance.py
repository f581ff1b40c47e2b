"""One app per data folder, the Qt part: the first app listens on a local socket
named after the folder; a second app started on the same folder asks it to
come to the front and ends, or, when it gets no answer, offers to open the
folder read-only.

`claim(data_root)` decides at start (before the window exists):
- FIRST: this app holds the folder's lock (erbsim.core.instance.AppLock) and
  listens; `Instance.activation_requested` fires when a later app asks.
- RAISED: another app holds it and answered; this one tells the person and ends.
- UNREACHABLE: another app holds it but did not answer in time (busy, hung).
- UNLOCKED: the folder cannot hold a lock file (read-only folder); the app runs
  as before and the store reports the folder.
"""

from __future__ import annotations

import enum
import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from erbsim.core.instance import AppLock, server_name

log = logging.getLogger(__name__)

ALREADY_OPEN = "erbsim is already open on this data folder; its window has been brought to the front."
NOT_ANSWERING = ("erbsim is already open on this data folder but does not answer. "
                 "Open the folder read-only (look, change nothing), or quit?")
RAISE, RAISED = b"raise\n", b"raised\n"


class Claim(enum.Enum):
    FIRST = "first"
    RAISED = "raised"
    UNREACHABLE = "unreachable"
    UNLOCKED = "unlocked"


class Instance(QObject):
    """This app's hold on its data folder; keep it for as long as the app runs."""

    activation_requested = Signal()

    def __init__(self, data_root: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_root = Path(data_root)
        self.name = server_name(self.data_root)
        self.lock = AppLock(self.data_root)
        self.server: QLocalServer | None = None
        self.claim = Claim.UNLOCKED

    def listen(self) -> None:
        QLocalServer.removeServer(self.name)  # we hold the lock: a socket left by a crash is stale
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user's processes only
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s; a second app will offer read-only", self.name,
                        server.errorString())
            return
        server.newConnection.connect(self._connected)
        self.server = server

    def _connected(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        if bytes(socket.readLine().data()) == RAISE:
            log.info("another erbsim was started on this data folder; bringing this window to the front")
            self.activation_requested.emit()
            socket.write(RAISED)
            socket.flush()
        socket.disconnectFromServer()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.release()


def claim(data_root: Path, *, answer_within_s: float = 10.0) -> Instance:
    """Take the data folder for this app, or ask the app that has it to come forward
    (see the module docstring); the result is in `Instance.claim`. `answer_within_s`
    leaves room for an app that is itself still starting (its window not built yet)."""
    instance = Instance(data_root)
    try:
        got = instance.lock.acquire()
    except OSError as error:
        log.warning("no lock in %s: %s", data_root, error)
        return instance  # UNLOCKED
    if got:
        instance.claim = Claim.FIRST
        instance.listen()
        return instance
    instance.claim = Claim.RAISED if ask_to_raise(instance.name, answer_within_s) else Claim.UNREACHABLE
    log.info("data folder %s is open in another erbsim: %s", data_root, instance.claim.value)
    return instance


def ask_to_raise(name: str, within_s: float) -> bool:
    """Ask the app listening on `name` to bring its window forward; True once it says it did.
    Retried until `within_s`: an app that has just taken the lock may not listen yet."""
    deadline = time.monotonic() + within_s
    while True:
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            return False
        socket = QLocalSocket()
        socket.connectToServer(name)
        if not socket.waitForConnected(min(left_ms, 1000)):
            socket.abort()
            time.sleep(0.05)  # not listening yet (or no longer): ask again until the deadline
            continue
        socket.write(RAISE)
        reply = b""
        while not reply.endswith(b"\n"):
            left_ms = int((deadline - time.monotonic()) * 1000)
            if left_ms <= 0 or not socket.waitForReadyRead(left_ms):
                break
            reply += bytes(socket.readAll().data())
        socket.abort()
        return reply == RAISED


def bring_to_front(window) -> None:
    """Show `window` (restored if minimised) above the others and give it the focus."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    window.statusBar().showMessage("erbsim was started again on this data folder: this is its window.", 10000)


def offer_read_only(parent=None) -> bool:
    """Ask whether to open the folder read-only; True to open it so."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "erbsim is already open", NOT_ANSWERING, parent=parent)
    read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only
