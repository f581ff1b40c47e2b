"""Export of a session as Markdown, HTML and JSON, and JSON back in (bundles)."""

from __future__ import annotations

import html.parser
import json
from datetime import datetime, timezone

import pytest

from erbsim.core.export import export_session
from erbsim.core.store import JSON_FORMAT, SCHEMA_VERSION, SessionNotFound, StorageError, Store, session_to_dict

T0 = datetime(2026, 8, 14, 9, 30, tzinfo=timezone.utc)
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
WORDS = [{"text": " I", "start": 0.4, "end": 0.5, "probability": 0.9},
         {"text": " saw", "start": 0.5, "end": 0.8, "probability": 0.8}]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "erbsim.db") as s:
        yield s


@pytest.fixture
def session(store):
    sid = store.create_session(mode="panel", track="principal", lang="en", seed=3, banks=["default"],
                               candidate="Mei <Candidate>", mentor="Helen", started_at=T0)
    t1 = store.add_turn(sid, question_text="Who asked you to do this?", question_id="strategy-001", seat="cpo",
                        category="strategy", dimension="strategic_autonomy", asked_at_s=2.0)
    store.update_turn(t1, answer_started_s=4.0, answer_ended_s=64.0, audio_path="recordings/1/answers.wav")
    store.set_transcript(t1, f"I saw the risk early. {HOSTILE}", WORDS, engine="faster-whisper", model="small")
    t2 = store.add_turn(sid, question_text="Who else uses it?", seat="peer_exec", is_follow_up=True,
                        parent_turn_id=t1, asked_at_s=70.0)
    store.set_transcript(t2, "Three units", None)
    store.set_correction(t2, "Three business units | adopted it")
    store.rate(t1, "strategic_autonomy", 4)
    store.rate(t1, "strategic_autonomy", 3, rater="Helen")
    store.add_note(sid, "Note with <i>markup</i> & ampersand", turn_id=t1)
    store.add_note(sid, "# not a heading")
    for seat in ("cpo", "peer_exec", "tech_fellow", "gm"):
        store.add_vote(sid, seat, "pass", voter="Helen", rationale="clear <autonomy>")
    store.add_vote(sid, "talent_lead", "fail", voter="Helen")
    store.finish_session(sid, ended_at=datetime(2026, 8, 14, 10, 15, tzinfo=timezone.utc))
    return sid


def test_json_is_stable_documented_and_parses_back(store, session):
    doc = json.loads(export_session(store, session, "json"))
    assert list(doc) == ["format", "format_version", "schema_version", "exported_at", "exported_by",
                         "session", "packet", "turns", "events", "notes", "votes", "outcome"]
    assert (doc["format"], doc["format_version"], doc["schema_version"]) == (JSON_FORMAT, 1, SCHEMA_VERSION)
    s = doc["session"]
    assert (s["mode"], s["track"], s["candidate"], s["started_at"]) == (
        "panel", "principal", "Mei <Candidate>", "2026-08-14T09:30:00.000Z")
    assert s["duration_s"] == pytest.approx(2700, abs=0.01)
    first, second = doc["turns"]
    assert first["words"] == WORDS and first["transcript_text"].endswith(HOSTILE)
    assert first["audio_path"] == "recordings/1/answers.wav"
    assert {(r["rater"], r["score"]) for r in first["ratings"]} == {("self", 4), ("Helen", 3)}
    assert second["transcript_text"] == "Three units" and second["text"] == "Three business units | adopted it"
    assert second["parent_turn_id"] == first["id"] and second["is_follow_up"] is True
    assert [n["turn_id"] for n in doc["notes"]] == [first["id"], None]
    assert [v["seat"] for v in doc["votes"]] == ["cpo", "peer_exec", "tech_fellow", "gm", "talent_lead"]
    assert doc["outcome"] == {"passes": 4, "fails": 1, "needed": 4, "seats_voted": 5, "approved": True}


def test_html_escapes_user_text_and_is_self_contained(store, session):
    page = export_session(store, session, "html")
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "<i>markup</i>" not in page
    assert "Mei &lt;Candidate&gt;" in page and "clear &lt;autonomy&gt;" in page
    assert "<style>" in page and "http" not in page  # nothing fetched from elsewhere
    assert "Answer (corrected by hand)" in page and "Three business units | adopted it" in page

    class Tags(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.tags and parser.tags.count("h2") >= 3


def test_markdown_has_every_answer_and_keeps_user_text_inert(store, session):
    text = export_session(store, session, "md")
    assert text.startswith("# ERB rehearsal")
    assert "## 1. Who asked you to do this?" in text and "## 2. Follow-up: Who else uses it?" in text
    assert "I saw the risk early." in text
    assert "\\<script\\>" in text and "<script>" not in text
    assert "Three business units \\| adopted it" in text  # does not break a table
    assert "\\# not a heading" in text and "\n# not a heading" not in text
    assert "4 approve, 1 reject: approved (4 of 5 needed)" in text


def test_unknown_session_and_format(store):
    with pytest.raises(SessionNotFound):
        export_session(store, 404, "md")
    sid = store.create_session()
    with pytest.raises(ValueError):
        export_session(store, sid, "pdf")


def test_an_empty_session_exports(store):
    sid = store.create_session()
    assert export_session(store, sid, "md").startswith("# ERB rehearsal")
    assert export_session(store, sid, "html").startswith("<!DOCTYPE html>")
    assert json.loads(export_session(store, sid, "json"))["turns"] == []


def test_json_imports_into_another_data_folder(store, session, tmp_path):
    doc = json.loads(export_session(store, session, "json"))
    with Store(tmp_path / "mentor" / "erbsim.db") as other:
        new_id = other.import_session(doc, audio_paths={"recordings/1/answers.wav": "recordings/9/a.wav"})
        again = session_to_dict(other.get_session(new_id), other.schema_version)
        for key in ("session", "notes", "votes", "outcome"):
            assert _without_ids(again[key]) == _without_ids(doc[key])
        assert again["turns"][1]["parent_turn_id"] == again["turns"][0]["id"]
        assert again["notes"][0]["turn_id"] == again["turns"][0]["id"]
        assert again["turns"][0]["audio_path"] == "recordings/9/a.wav"
        assert _without_ids([{**t, "audio_path": None} for t in again["turns"]]) == \
            _without_ids([{**t, "audio_path": None} for t in doc["turns"]])
        assert other.search("business units")[0].field == "correction"
        with pytest.raises(StorageError):
            other.import_session(doc)  # same uuid twice
        with pytest.raises(StorageError):
            other.import_session({"format": "something else"})


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items()
                if k not in ("id", "parent_turn_id", "turn_id", "exported_at")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_markdown_and_html_say_why_the_board_asked_and_when_it_cut_in(store, session):
    first, second = store.get_turns(session)
    store.update_turn(second.id, follow_up_signal="cross_bu_adoption",
                      follow_up_reason="The answer named no <organisation> that adopted it.",
                      follow_up_evidence="I saw the risk early.")
    store.add_event(session, "interruption", 49.0, turn_id=first.id, text="Let me stop you there.", author="gm")
    md = export_session(store, session, "md")
    assert "*Why the board asked: The answer named no \\<organisation\\> that adopted it. " in md
    assert "- from the answer before: “I saw the risk early.”" in md
    assert "- Rita Sun cut in at 0:45 into the answer: “Let me stop you there.”" in md
    assert md.index("cut in at 0:45") < md.index("## 2.")  # under the answer it interrupted
    page = export_session(store, session, "html")
    assert "named no &lt;organisation&gt; that adopted it." in page
    assert '<p class="cut-in">Rita Sun cut in at 0:45 into the answer' in page
