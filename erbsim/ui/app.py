"""Start the desktop app: build the services, show the window."""

from __future__ import annotations

import logging
import os
import sys

from erbsim import __version__


def run_app(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
    from PySide6.QtWidgets import QApplication

    from erbsim.ui.main_window import MainWindow
    from erbsim.ui.services import Services
    from erbsim.ui.settings_store import SettingsStore
    from erbsim.ui.theme import apply_theme

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("erbsim")
    app.setApplicationName("erbsim")
    app.setApplicationVersion(__version__)
    settings = SettingsStore()
    apply_theme(app, settings.load().theme)
    services = Services(settings)
    window = MainWindow(services)
    window.show()
    return app.exec()
