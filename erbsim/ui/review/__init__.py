"""Review of past sessions: list and search, one session in detail (audio,
clickable transcript, corrections, analytics, ERB lens, ratings), attempts
side by side, trends, export and bundles. See view.ReviewView.

ReviewView is imported when first asked for, so that a module of this package
(formatting, for the session summary) does not bring in every page with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from erbsim.ui.review.view import ReviewView

__all__ = ["ReviewView"]


def __getattr__(name: str):
    if name == "ReviewView":
        from erbsim.ui.review.view import ReviewView

        return ReviewView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
