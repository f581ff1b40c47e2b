"""`erbsim bench probe` reads follow-up files written as {"items": [...]} (dev_b, the held-out set) and as a
top-level list (tests/core/probe/dev_c)."""

from __future__ import annotations

import yaml

from erbsim.devtools.eval_probe import score_follow_ups

ITEM = {"id": "x1", "question": "Who else uses it?", "dimension": "cross_bu_impact", "category": "replication",
        "answer": "I built the pricing simulator on my own, and seller churn went from nine percent to six.",
        "expected": "cross_bu_adoption"}


def test_a_follow_up_file_scores_the_same_as_a_list_and_as_items(tmp_path):
    as_items = tmp_path / "followups_items.yaml"
    as_list = tmp_path / "followups_list.yaml"
    as_items.write_text(yaml.safe_dump({"items": [ITEM]}), encoding="utf-8")
    as_list.write_text(yaml.safe_dump([ITEM]), encoding="utf-8")
    first, second = score_follow_ups(as_items), score_follow_ups(as_list)
    assert first["items"] == second["items"] == 1
    assert first["per_label"] == second["per_label"] == {"cross_bu_adoption": 1.0}
