"""Portable bundles: a session with its audio, between two data folders."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import numpy as np
import pytest
import soundfile as sf

from erbsim.core.bundle import BundleError, export_bundle, import_bundle, read_bundle
from erbsim.core.store import SessionNotFound, Store
from erbsim.speech.recording import check_recording

T0 = datetime(2026, 8, 14, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def candidate(tmp_path):
    with Store(data_root=tmp_path / "candidate") as s:
        yield s


@pytest.fixture
def mentor(tmp_path):
    with Store(data_root=tmp_path / "mentor") as s:
        yield s


def recorded(store: Store) -> int:
    sid = store.create_session(mode="panel", candidate="Mei <b>", mentor="Helen", started_at=T0, soft_limit_s=150,
                               status="finished", ended_at="2026-08-14T10:10:00Z")
    for i in range(2):
        rel, absolute = store.new_recording_path(sid, f"answer-{i + 1:03d}.flac")
        sf.write(absolute, np.full(4000, 0.01 * (i + 1), dtype="float32"), 16000, format="FLAC")
        tid = store.add_turn(sid, question_text=f"Q{i}", question_id=f"q-{i}", seat="cpo",
                             answer_started_s=1.0, answer_ended_s=9.0, audio_path=rel)
        store.set_transcript(tid, f"answer {i} about privacy", [{"text": " answer", "start": 0.5, "end": 0.9}])
        store.rate(tid, "strategic_autonomy", 3 + i)
    store.set_correction(tid, "answer one about privacy, corrected")
    store.add_note(sid, "Lead with the decision", turn_id=tid)
    store.add_vote(sid, "cpo", "pass", voter="Helen")
    return sid


def test_round_trip_between_two_data_folders(candidate, mentor, tmp_path):
    sid = recorded(candidate)
    bundle = export_bundle(candidate, sid, tmp_path / "out" / "mei.zip")
    info = read_bundle(bundle)
    assert info.turns == 2 and info.audio_files == 2 and info.candidate == "Mei <b>"
    result = import_bundle(mentor, bundle, check_audio=check_recording)
    assert result.session_uuid == candidate.get_session(sid).session.uuid
    got, want = mentor.get_session(result.session_id), candidate.get_session(sid)
    assert [t.text for t in got.turns] == [t.text for t in want.turns]
    assert got.session.soft_limit_s == want.session.soft_limit_s == 150
    assert [t.corrected_text for t in got.turns] == [t.corrected_text for t in want.turns]
    assert [[(r.dimension, r.score) for r in t.ratings] for t in got.turns] == \
           [[(r.dimension, r.score) for r in t.ratings] for t in want.turns]
    assert [n.text for n in got.notes] == ["Lead with the decision"] and got.votes[0].vote == "pass"
    for g, w in zip(got.turns, want.turns, strict=True):
        assert g.audio_path.startswith(f"recordings/{result.session_id}/")
        assert mentor.audio_file(g.audio_path).read_bytes() == candidate.audio_file(w.audio_path).read_bytes()
        assert g.words == w.words
    assert mentor.search("privacy")[0].session_id == result.session_id
    # no staging folders left behind
    assert not [p for p in mentor.data_root.iterdir() if p.name.startswith(".import-")]


def test_second_import_is_refused_cleanly(candidate, mentor, tmp_path):
    bundle = export_bundle(candidate, recorded(candidate), tmp_path / "b.zip")
    first = import_bundle(mentor, bundle, check_audio=check_recording)
    with pytest.raises(BundleError, match="already here"):
        import_bundle(mentor, bundle, check_audio=check_recording)
    assert mentor.count_sessions() == 1
    assert sorted(p.name for p in mentor.recordings_folder(first.session_id).iterdir()) == \
           ["answer-001.flac", "answer-002.flac"]
    with pytest.raises(BundleError, match="already here"):
        import_bundle(candidate, bundle, check_audio=check_recording)  # back into the folder it came from


def test_missing_audio_is_reported_not_fatal(candidate, mentor, tmp_path):
    sid = recorded(candidate)
    first = candidate.get_session(sid).turns[0]
    candidate.audio_file(first.audio_path).unlink()
    bundle = export_bundle(candidate, sid, tmp_path / "b.zip")
    result = import_bundle(mentor, bundle, check_audio=check_recording)
    assert result.missing_audio == (first.audio_path,)
    turns = mentor.get_session(result.session_id).turns
    assert turns[0].audio_path is None and turns[1].audio_path is not None


def test_export_unknown_session(candidate, tmp_path):
    with pytest.raises(SessionNotFound):
        export_bundle(candidate, 99, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def _rewrite(bundle, out, *, manifest=None, extra=()):
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            dst.writestr(item, data)
        for name, data in extra:
            dst.writestr(name, data)
    return out


@pytest.mark.parametrize("member", ["../../evil.flac", "audio/../../evil.flac", "/etc/passwd",
                                    "audio/sub/x.flac", "audio/.hidden", "audio\\..\\x"])
def test_zip_slip_is_refused(candidate, mentor, tmp_path, member):
    bundle = export_bundle(candidate, recorded(candidate), tmp_path / "b.zip")

    def poison(m):
        m["audio"][0]["member"] = member
        return m
    bad = _rewrite(bundle, tmp_path / "bad.zip", manifest=poison, extra=[(member, b"x")])
    with pytest.raises(BundleError, match="unsafe"):
        import_bundle(mentor, bad, check_audio=check_recording)
    assert mentor.count_sessions() == 0
    assert not (tmp_path / "evil.flac").exists() and not (tmp_path.parent / "evil.flac").exists()


def test_extra_members_are_ignored(candidate, mentor, tmp_path):
    sid = recorded(candidate)
    bundle = export_bundle(candidate, sid, tmp_path / "b.zip")
    bad = _rewrite(bundle, tmp_path / "extra.zip", extra=[("../../escape.txt", b"x")])
    result = import_bundle(mentor, bad, check_audio=check_recording)
    assert not (tmp_path / "escape.txt").exists() and not (mentor.data_root.parent / "escape.txt").exists()
    imported, original = mentor.get_session(result.session_id), candidate.get_session(sid)
    assert [t.transcript_text for t in imported.turns] == [t.transcript_text for t in original.turns]  # whole
    assert all(mentor.audio_file(t.audio_path).is_file() for t in imported.turns)


def test_checksum_mismatch_is_refused(candidate, mentor, tmp_path):
    bundle = export_bundle(candidate, recorded(candidate), tmp_path / "b.zip")

    def corrupt(m):
        m["audio"][0]["sha256"] = "0" * 64
        return m
    with pytest.raises(BundleError, match="checksum"):
        import_bundle(mentor, _rewrite(bundle, tmp_path / "bad.zip", manifest=corrupt), check_audio=check_recording)
    assert mentor.count_sessions() == 0


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_not_a_bundle(mentor, tmp_path, content):
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    with pytest.raises(BundleError, match="not an erbsim bundle"):
        import_bundle(mentor, path, check_audio=check_recording)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(BundleError, match="not an erbsim bundle"):
        import_bundle(mentor, path, check_audio=check_recording)
    with pytest.raises(BundleError, match="no such file"):
        import_bundle(mentor, tmp_path / "absent.zip", check_audio=check_recording)


def test_events_follow_up_reasons_and_the_packet_travel_with_the_bundle(candidate, mentor, tmp_path):
    packet_id = candidate.save_packet({"name": "Cycle 2026", "candidate": "Mei", "track": "staff",
                                       "uuid": "0f5e6f9e-packet",
                                       "examples": [{"id": "ex1", "title": "Privacy layer"}]})
    sid = candidate.create_session(mode="solo", started_at=T0, packet_id=packet_id, status="finished",
                                   ended_at="2026-08-14T10:10:00Z")
    main = candidate.add_turn(sid, question_text="What did you see coming?", question_id="q-1", seat="cpo",
                              example_id="ex1", answer_started_s=10.0, answer_ended_s=250.0)
    candidate.add_turn(sid, question_text="Who outside your team uses it?", question_id="q-1", seat="cpo",
                               is_follow_up=True, parent_turn_id=main, example_id="ex1",
                               follow_up_signal="cross_bu_adoption", follow_up_reason="No adopter was named.",
                               follow_up_evidence="We shipped it in Q3.\nThe GM was happy.")
    candidate.add_event(sid, "interruption", 235.5, turn_id=main, text="Let me stop you there.", author="cpo")
    bundle = export_bundle(candidate, sid, tmp_path / "events.zip")
    doc = json.loads(zipfile.ZipFile(bundle).read("session.json"))
    assert "packet_id" not in doc["session"] and doc["packet"]["uuid"] == "0f5e6f9e-packet"

    got = mentor.get_session(import_bundle(mentor, bundle, check_audio=check_recording).session_id)
    (event,) = got.events
    first, second = got.turns
    assert (event.kind, event.at_s, event.text, event.author, event.turn_id) == (
        "interruption", 235.5, "Let me stop you there.", "cpo", first.id)
    assert (second.follow_up_signal, second.follow_up_reason, second.follow_up_evidence, second.example_id) == (
        "cross_bu_adoption", "No adopter was named.", "We shipped it in Q3.\nThe GM was happy.", "ex1")
    packet = mentor.get_packet(got.session.packet_id)  # the mentor's folder lacked it: added
    assert (packet.uuid, packet.name, packet.body["examples"][0]["title"]) == (
        "0f5e6f9e-packet", "Cycle 2026", "Privacy layer")

    # A second session about the same packet links to the one already here.
    again = candidate.create_session(mode="solo", started_at=T0.replace(day=15), packet_id=packet_id)
    imported = import_bundle(mentor, export_bundle(candidate, again, tmp_path / "again.zip"),
                             check_audio=check_recording)
    assert mentor.get_session(imported.session_id).session.packet_id == got.session.packet_id
    assert len(mentor.list_packets()) == 1
