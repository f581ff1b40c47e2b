"""Review of past sessions: list and search, one session in detail (audio,
clickable transcript, corrections, analytics, ERB lens, ratings), attempts
side by side, trends, export and bundles. See view.ReviewView."""

from erbsim.ui.review.view import ReviewView

__all__ = ["ReviewView"]
