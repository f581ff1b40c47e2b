"""A mentor-led panel, saved: its JSON document round trips every piece of the panel into a
second data folder, a document written before panels still imports, and the Markdown and
HTML exports show the board, scores by every rater, flags, notes and pauses at their moment,
the vote with rationales and the outcome, and the debrief."""

from __future__ import annotations

import html.parser
import json

from panel_data import VOTES, make_panel

from erbsim.core import panel_review as pr
from erbsim.core.bundle import export_bundle, import_bundle
from erbsim.core.export import export_session
from erbsim.core.store import Store, session_from_dict, session_to_dict
from erbsim.speech.recording import check_recording


def panel_facts(store: Store, sid: int) -> dict:
    """What a person reviewing the panel would see, in plain data."""
    d = store.get_session(sid)
    position = {t.id: t.position for t in d.turns}
    return {
        "mode": d.session.mode,
        "board": d.session.board, "debrief": d.session.debrief, "revealed_at": d.session.revealed_at,
        "origins": [t.origin for t in d.turns],
        "ratings": sorted((t.position, r.rater, r.dimension, r.score) for t in d.turns for r in t.ratings),
        "notes": sorted(((position.get(n.turn_id, 0), n.text, n.author, n.at_s) for n in d.notes),
                        key=repr),
        "events": [(e.kind, e.at_s, e.text, e.author, position.get(e.turn_id)) for e in d.events],
        "votes": [(v.seat, v.vote, v.voter, v.rationale) for v in d.votes],
        "outcome": d.outcome,
    }


def test_a_panel_round_trips_into_a_second_data_folder(tmp_path):
    with Store(data_root=tmp_path / "mentor") as mentor:
        sid = make_panel(mentor)
        before = panel_facts(mentor, sid)
        doc = json.loads(json.dumps(session_to_dict(mentor.get_session(sid), mentor.schema_version)))
    with Store(data_root=tmp_path / "candidate") as candidate:
        new_id = session_from_dict(candidate, doc)
        after = panel_facts(candidate, new_id)
    assert after == before
    assert after["outcome"].approved is True and (after["outcome"].passes, after["outcome"].fails) == (4, 1)
    assert ("Lead with the decision." in [n[1] for n in after["notes"]]
            and dict((n[1], n[3]) for n in after["notes"])["Lead with the decision."] == 75.0)
    assert after["board"]["seats"][2]["person"] is True


def test_a_bundle_carries_the_panel(tmp_path):
    with Store(data_root=tmp_path / "mentor") as mentor:
        sid = make_panel(mentor)
        before = panel_facts(mentor, sid)
        export_bundle(mentor, sid, tmp_path / "panel.zip")
    with Store(data_root=tmp_path / "candidate") as candidate:
        result = import_bundle(candidate, tmp_path / "panel.zip", check_audio=check_recording)
        assert panel_facts(candidate, result.session_id) == before


def test_a_document_written_before_panels_still_imports(tmp_path):
    with Store(data_root=tmp_path / "a") as store:
        sid = make_panel(store)
        doc = session_to_dict(store.get_session(sid), store.schema_version)
    for key in ("board", "debrief", "revealed_at"):
        del doc["session"][key]
    for note in doc["notes"]:
        del note["at_s"]
    for turn in doc["turns"]:
        del turn["origin"]
    with Store(data_root=tmp_path / "b") as store:
        d = store.get_session(session_from_dict(store, doc))
    assert (d.session.board, d.session.debrief, d.session.revealed_at) == (None, None, None)
    assert [n.at_s for n in d.notes] == [None, None]
    assert [(v.seat, v.vote) for v in d.votes][2] == ("tech_fellow", "fail")


def test_the_timeline_places_each_moment_in_its_answer(tmp_path):
    with Store(data_root=tmp_path) as store:
        d = store.get_session(make_panel(store))
    first, probe = d.turns
    moments = pr.timeline(d)
    assert [(m.kind, m.into_s, m.text) for m in moments[first.id]] == [
        ("flag", 37.0, "no metric"), ("note", 60.0, "Lead with the decision.")]
    # the pause names no turn: it falls in the follow-up's stretch, 16 s into its answer, for 45 s
    assert [(m.kind, m.into_s, m.duration_s, m.text) for m in moments[probe.id]] == [
        ("flag", 6.5, None, "whose decision?"), ("pause", 16.0, 45.0, "fire drill")]
    assert None not in moments  # the untimed session note is not a moment


class _Cells(html.parser.HTMLParser):
    """Rows of every <table>, as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_html_export_shows_the_board_the_scores_the_moments_and_the_vote(tmp_path):
    with Store(data_root=tmp_path) as store:
        text = export_session(store, make_panel(store), "html")
    cells = _Cells()
    cells.feed(text)
    rows = cells.rows
    assert ["3", "Priya Natarajan", "Chief Architect", "person in the room"] in rows
    assert ["1", "Helen Zhou", "Chief Product Officer of your business unit (chair)", "voiced by the app"] in rows
    # the first answer: self, mentor and seat 3 side by side
    assert ["Dimension", "Self", "Mentor (Ana Ruiz)", "Priya Natarajan"] in rows
    assert ["strategic autonomy", "4", "2", "–"] in rows and ["cross bu impact", "–", "–", "3"] in rows
    # the vote, every seat with its rationale
    assert ["Priya Natarajan, Chief Architect", "Ana Ruiz", "reject",
            "The architecture trade-offs were the team's, not hers."] in rows
    assert ["Rita Sun, General Manager, another business unit", "Ana Ruiz", "approve",
            "Named what she gave up and who paid for it."] in rows
    assert "4 approve, 1 reject: approved (4 of 5 needed)" in text
    assert "0:37 into the answer</span> · Flag “no metric”" in text
    assert "1:00 into the answer</span> · Note: Lead with the decision." in text
    assert "0:16 into the answer</span> · Clock paused for 0:45 (fire drill)" in text
    assert "a classic probe" in text
    assert "<h2>Debrief</h2>" in text and "Name the adopters." in text


def test_markdown_export_has_the_vote_table_with_rationales(tmp_path):
    rejected = [(seat, "fail" if seat in ("gm", "tech_fellow") else vote, why) for seat, vote, why in VOTES]
    with Store(data_root=tmp_path) as store:
        text = export_session(store, make_panel(store, rejected), "md")
    assert "| Seat | Voter | Vote | Rationale |" in text
    assert "| Rita Sun, General Manager, another business unit | Ana Ruiz | reject | " \
           "Named what she gave up and who paid for it. |" in text
    assert "| Helen Zhou, Chief Product Officer of your business unit (chair) | Ana Ruiz | approve | " \
           "Saw the consent risk two quarters early, without a mandate. |" in text
    assert "3 approve, 2 reject: not approved (4 of 5 needed)" in text
    assert "| Dimension | Self | Mentor (Ana Ruiz) | Priya Natarajan |" in text
    assert "- 0:37 into the answer: Flag “no metric”" in text
    assert "- 0:16 into the answer: Clock paused for 0:45 (fire drill)" in text
    assert "## Debrief" in text and "> Name the adopters." in text
    assert "| 3 | Priya Natarajan | Chief Architect | person in the room |" in text


def test_a_solo_export_has_no_panel_sections(tmp_path):
    with Store(data_root=tmp_path) as store:
        sid = store.create_session(mode="solo", status="finished")
        turn = store.add_turn(sid, position=1, question_text="Who else uses it?", transcript_text="Two BUs.")
        store.rate(turn, "cross_bu_impact", 3)
        text = export_session(store, sid, "md")
    assert "| Rater | Dimension | Score |" in text and "| self | cross bu impact | 3 |" in text
    for absent in ("## The board", "## Board vote", "## Debrief", "| Dimension | Self"):
        assert absent not in text
