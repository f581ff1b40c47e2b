"""A session's HTML export printed to PDF with Qt (QTextDocument -> QPdfWriter).

Works without a display: when no Qt application exists yet (the command
line), an offscreen QGuiApplication is created for the duration.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_APP = None  # kept alive when created here


def _ensure_app() -> None:
    global _APP
    if QGuiApplication.instance() is None:
        _APP = QGuiApplication(["erbsim", "-platform", "offscreen"])


def html_to_pdf(html: str, path: str | os.PathLike, *, title: str = "erbsim session") -> int:
    """Write `html` as an A4 PDF at `path`; returns the number of pages."""
    _ensure_app()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    writer = QPdfWriter(str(partial))
    writer.setTitle(title)
    writer.setCreator("erbsim")
    writer.setResolution(144)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    pages = document.pageCount()
    document.print_(writer)
    del writer  # finishes the file
    os.replace(partial, target)
    return pages


def export_pdf(store, session_id: int, path: str | os.PathLike) -> int:
    """Render a session (Store on this thread) to PDF; returns the page count."""
    from erbsim.core.export import export_session

    return html_to_pdf(export_session(store, session_id, "html"), path)
