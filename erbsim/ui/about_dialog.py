"""Help → About erbsim: versions and licences of what it runs on, the data folder and the log file.

The list comes from erbsim.speech.versions (package metadata, no model
loaded); "Copy details" puts it on the clipboard as plain text for a bug report.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from erbsim import __version__
from erbsim.speech.versions import Component, components, package_licence

log = logging.getLogger(__name__)



def components_html(listed: list[Component]) -> str:
    """A table: each component's name with its note below it in small print, version, licence."""
    rows = "".join(
        f"<tr><td><b>{html.escape(c.name)}</b>"
        + (f"<br><small>{html.escape(c.note)}</small>" if c.note else "")
        + f"</td><td>{html.escape(c.version)}</td><td>{html.escape(c.licence)}</td></tr>"
        for c in listed)
    return ("<table width='100%' cellspacing=0 cellpadding=4>"
            "<tr><th align=left width='58%'>Component</th><th align=left>Version</th><th align=left>Licence</th></tr>"
            f"{rows}</table>")


def qt_component() -> Component:
    """Qt as the app runs it, with the binding (from PyPI: the PySide6-Essentials package)."""
    import PySide6

    licence = package_licence("PySide6-Essentials") or package_licence("PySide6")
    return Component("Qt", f"{qVersion()} (PySide6 {PySide6.__version__})", licence, "the window, sound in and out")


def in_use(services) -> str:
    """One line on the engines this app uses now (the model may still be loading)."""
    transcriber = services.transcriber
    state = "ready" if getattr(transcriber, "ready", True) else "loading"
    voice = services.voice.voice_for("cpo")
    engine = getattr(voice, "engine", "espeak")
    speaking = "piper" if engine == "piper" else "espeak-ng through pyttsx3"
    if not services.voice.enabled:
        speaking = "none (voices unavailable; questions shown as text)"
    return (f"Transcription: {getattr(transcriber, 'engine', '?')} with {getattr(transcriber, 'model_name', '?')} "
            f"({state}). Board voices: {speaking}, the chair's voice {voice.voice or 'default'}.")


class AboutDialog(QDialog):
    def __init__(self, services, parent: QWidget | None = None, icon=None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About erbsim")
        prefs = services.prefs
        self.components: list[Component] = components(qt=qt_component(), engine=prefs.engine, model=prefs.model)
        self.data_root: Path = services.data_root
        self.log_path: Path = services.log_path
        self.in_use = in_use(services)

        header = QHBoxLayout()
        if icon is not None:
            picture = QLabel()
            picture.setPixmap(icon.pixmap(64, 64))
            header.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>erbsim {html.escape(__version__)}</h2>"
                       "<p>Rehearse an Executive Review Board defense: five board members, 45 minutes, no slides. "
                       "Recordings and transcripts stay on this computer; nothing is sent anywhere.</p>"
                       f"<p>{html.escape(self.in_use)}</p>")
        title.setWordWrap(True)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(title, 1)

        self.table = QTextBrowser()
        self.table.setObjectName("components")
        self.table.setOpenLinks(False)
        self.table.setHtml(components_html(self.components))

        self.paths = QLabel(f"Data folder: {html.escape(str(self.data_root))}<br>"
                            f"Log file: {html.escape(str(self.log_path))}")
        self.paths.setObjectName("paths")
        self.paths.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel("")
        open_folder = QPushButton("&Open the data folder")
        open_folder.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        copy = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        copy.setAutoDefault(False)
        open_folder.setAutoDefault(False)
        buttons.addButton(open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.paths)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(880, 560)

    def details(self) -> str:
        """Everything shown, as plain text."""
        lines = [f"erbsim {__version__}", self.in_use, ""]
        lines += [f"{c.name}: {c.version} ({c.licence})" + (f", {c.note}" if c.note else "") for c in self.components]
        lines += ["", f"Data folder: {self.data_root}", f"Log file: {self.log_path}"]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.status.setText("Copied: paste it into a bug report.")

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_root))):
            log.warning("about: no file manager opened %s", self.data_root)
            self.status.setText("No file manager could open the folder; the path above can be selected and copied.")


def show_about(window) -> AboutDialog:
    """Not modal: the paths can be selected and copied while the app stays usable."""
    dialog = AboutDialog(window.services, window, icon=window.windowIcon())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.close_button.setFocus()
    return dialog
