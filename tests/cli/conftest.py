"""Commands run in process here, and some print PDFs with Qt.

When no Qt application exists, the PDF printer creates a bare QGuiApplication
(erbsim/ui/review/pdf.py), which is right for the command line; in a test
run it would stay for the widget tests that follow, and widgets need a
QApplication. So every CLI test runs with pytest-qt's QApplication in place.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _widgets_application(qapp):
    return qapp
