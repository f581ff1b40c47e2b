"""The board's listening measured on answers it was never tuned on (README.md here).

The probe's rules are deterministic, so these are regression floors a little
under the figures measured when they were set (docs/probe.md, "Figures"):
follow-ups 0.778 (56 of 72), listen_for coverage precision 0.939 and F1 0.66,
track 0.896 (43 of 48). Only the aggregates are read; nobody tunes on the items.
"""

from __future__ import annotations

from pathlib import Path

from erbsim.devtools.eval_probe import score_coverage, score_follow_ups, score_track

HERE = Path(__file__).parent


def test_the_follow_up_goes_to_what_the_answer_lacked():
    report = score_follow_ups(HERE / "followups_heldout.yaml")
    assert report["items"] == 72
    assert report["accuracy"] >= 0.74  # its time per answer is reported by `erbsim bench probe`


def test_listen_for_points_are_marked_covered_only_with_evidence():
    report = score_coverage(HERE / "listen_for_heldout.yaml")
    assert report["misaligned_items"] == 0  # the probe splits the points as the file does
    assert report["precision"] >= 0.85
    assert report["f1"] >= 0.6


def test_the_track_reading_places_staff_principal_and_mixed_answers():
    report = score_track(HERE / "track_heldout.yaml")
    assert report["items"] == 48
    assert report["accuracy"] >= 0.85
