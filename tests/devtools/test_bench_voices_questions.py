"""`erbsim bench voices --held-out` speaks sentences the seats' tuning never heard."""

from __future__ import annotations

from erbsim.devtools.bench_voices import bench_questions


def test_the_held_out_questions_share_nothing_with_the_default_set():
    plain, filled = bench_questions(48, 12)
    held_plain, held_filled = bench_questions(0, 0, held_out=True)
    assert len(plain) == 48 and len(filled) == 12
    assert not {text for _, text in plain} & {text for _, text in held_plain}
    assert not {qid for qid, _ in filled} & {qid for qid, _ in held_filled}
    # The banks' own follow-ups are among them, never with a raw slot.
    follow_ups = [text for qid, text in held_plain if "/follow-up-" in qid]
    assert len(follow_ups) >= 40
    assert not any("{" in text for _, text in held_plain + held_filled)


def test_held_out_takes_at_most_the_count_asked_for():
    plain, filled = bench_questions(30, 5, held_out=True)
    assert (len(plain), len(filled)) == (30, 5)
