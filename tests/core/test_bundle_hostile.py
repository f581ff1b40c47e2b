"""Hostile bundles (issue 12): refused in one line, and nothing written.

Every case here is a bundle a hostile or unlucky mentor could send: wrong
types, out-of-range values, repeated turn positions, deep nesting, huge or
over-compressed members, files that are not audio, files no answer uses, a
newer version, and the same session under another spelling of its uuid. Each
must end in a BundleError whose message is one line, with the database and
the data folder exactly as they were.
"""

from __future__ import annotations

import binascii
import copy
import hashlib
import json
import sqlite3
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from erbsim.core.bundle import MAX_AUDIO_FILE_BYTES, BundleError, export_bundle, import_bundle, read_bundle
from erbsim.core.store import Store
from erbsim.speech.recording import check_recording

T0 = "2026-08-14T09:30:00.000Z"


def make_session(store: Store) -> int:
    """Two answers with real (short) WAV recordings, a self rating each, a note and a vote."""
    sid = store.create_session(mode="panel", candidate="Mei", started_at=T0, status="finished",
                               ended_at="2026-08-14T10:10:00Z")
    for i in range(2):
        rel, absolute = store.new_recording_path(sid, f"answer-{i + 1:03d}.wav")
        sf.write(absolute, np.full(1600, 0.01 * (i + 1), dtype="float32"), 16000, format="WAV")
        tid = store.add_turn(sid, question_text=f"Who else uses it? ({i})", seat="gm", answer_started_s=1.0,
                             answer_ended_s=9.0, audio_path=rel)
        store.set_transcript(tid, f"two business units adopted it {i}", [{"text": " two", "start": 0.1, "end": 0.3}])
        store.rate(tid, "cross_bu_impact", 3)
    store.add_note(sid, "Name the adopters first", turn_id=tid)
    store.add_vote(sid, "gm", "pass", voter="Helen")
    return sid


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("candidate")
    with Store(data_root=folder) as store:
        return export_bundle(store, make_session(store), folder / "mei.zip")


@pytest.fixture
def mentor(tmp_path):
    with Store(data_root=tmp_path / "mentor") as s:
        yield s


def snapshot(store: Store) -> tuple[list[str], list[tuple[str, int]]]:
    """The database's rows and every file under the data folder but the database's own.
    The full-text index's segment tables are left out: an insert undone by a delete
    leaves an empty segment there, with the same search results."""
    with sqlite3.connect(store.path) as conn:
        rows = [line for line in conn.iterdump()
                if not line.startswith(('INSERT INTO "search_index_data"', 'INSERT INTO "search_index_idx"'))]
    files = sorted((p.relative_to(store.data_root).as_posix(), p.stat().st_size if p.is_file() else -1)
                   for p in store.data_root.rglob("*") if not p.name.startswith(store.path.name))
    return rows, files


def rewrite(bundle: Path, out: Path, *, manifest=None, session=None, replace=None, extra=()) -> Path:
    """A copy of `bundle` with its JSON changed by the given functions, members replaced (the
    manifest's size and sha256 updated to match, so only the content is wrong) and extra members."""
    replace = replace or {}
    with zipfile.ZipFile(bundle) as src:
        man = json.loads(src.read("manifest.json"))
        doc = json.loads(src.read("session.json"))
        data = {i.filename: src.read(i) for i in src.infolist()}
    for entry in man["audio"]:
        if entry["member"] in replace:
            entry["size"] = len(replace[entry["member"]])
            entry["sha256"] = hashlib.sha256(replace[entry["member"]]).hexdigest()
    if manifest:
        manifest(man)
    if session:
        session(doc)
    data.update(replace)
    data["manifest.json"] = json.dumps(man).encode()
    data["session.json"] = json.dumps(doc).encode()  # NaN and Infinity written as JSON's extensions
    with zipfile.ZipFile(out, "w") as dst:
        for name, content in data.items():
            dst.writestr(name, content)
        for name, content in extra:
            dst.writestr(name, content)
    return out


def refused(store: Store, path: Path, match: str) -> str:
    before = snapshot(store)
    with pytest.raises(BundleError, match=match) as caught:
        import_bundle(store, path, check_audio=check_recording)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(store) == before
    return message


def _set(path: str, value):
    """A change to the session document: "turns.0.position" -> value."""
    def change(doc):
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value
    return change


@pytest.mark.parametrize("path, value, match", [
    ("turns.0.asked_at_s", "late", r"turns\[0\]\.asked_at_s: must be a number"),  # a string for a number
    ("turns.0.position", "1", r"turns\[0\]\.position: must be a whole number"),
    ("session.seats", 5, r"session\.seats: must be a list"),  # a number for a list
    ("turns.0.words", "fast", r"turns\[0\]\.words: must be a list"),
    ("turns.0.ratings.0.score", 9, r"score: must be a whole number 1-5, not 9"),  # out of range
    ("turns.0.ratings.0.score", 0, r"score: must be a whole number 1-5, not 0"),
    ("turns.0.answer_ended_s", -4.0, r"answer_ended_s: must be a number of seconds from 0"),
    ("turns.0.answer_ended_s", 1e308, r"answer_ended_s: must be a number of seconds from 0"),
    ("turns.0.answer_ended_s", float("inf"), r"Infinity is not a number JSON allows"),
    ("turns.0.asked_at_s", float("nan"), r"NaN is not a number JSON allows"),
    ("session.seed", 10**30, r"session\.seed: must be a whole number"),  # SQLite cannot hold it
    ("turns.0.seat", "ceo", r"turns\[0\]\.seat: must be one of"),
    ("session.started_at", "yesterday", r"session\.started_at: must be a date and time"),
    ("turns.0.is_follow_up", "no", r"is_follow_up: must be true or false"),
    ("notes.0.turn_id", 4242, r"notes\[0\]\.turn_id: names turn 4242"),
])
def test_a_wrong_type_or_range_in_the_session_is_refused_and_nothing_is_written(bundle, mentor, tmp_path,
                                                                                path, value, match):
    refused(mentor, rewrite(bundle, tmp_path / "bad.zip", session=_set(path, value)), match)


def test_a_repeated_turn_position_is_refused(bundle, mentor, tmp_path):
    def repeat(doc):
        doc["turns"][1]["position"] = doc["turns"][0]["position"]
    message = refused(mentor, rewrite(bundle, tmp_path / "bad.zip", session=repeat), "position 1 is repeated")
    assert message.startswith("the session in this bundle is damaged: turns[1].position")


@pytest.mark.parametrize("change, match", [
    (lambda m: m.update(audio=5), "audio must be a list"),  # was a TypeError traceback
    (lambda m: m.update(missing_audio=5), "missing_audio must be a list"),  # was imported anyway
    (lambda m: m.update(format_version="1"), "format_version must be a whole number"),
    (lambda m: m["audio"][0].update(size="big"), "too large or has no size"),
    (lambda m: m["audio"][0].update(sha256=""), "sha256 must be 64 hexadecimal digits"),
    (lambda m: m["audio"][1].update(path=m["audio"][0]["path"]), r"audio\[1\]\.path must be a file name, named once"),
    (lambda m: m.update(session_uuid=["x"]), "session_uuid must be a UUID"),
])
def test_a_malformed_manifest_is_refused_and_nothing_is_written(bundle, mentor, tmp_path, change, match):
    refused(mentor, rewrite(bundle, tmp_path / "bad.zip", manifest=change), match)


def test_a_file_that_is_not_audio_is_refused(bundle, mentor, tmp_path):
    exe = b"MZ\x90\x00" + b"\x00" * 4000  # checksum and size made to match: only the content is wrong
    bad = rewrite(bundle, tmp_path / "bad.zip", replace={"audio/answer-001.wav": exe})
    refused(mentor, bad, r"audio/answer-001\.wav in the bundle is not audio that decodes")
    assert not list((mentor.data_root / "recordings").glob("**/*"))


def test_audio_whose_name_says_another_format_is_refused(bundle, mentor, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        wav = zf.read("audio/answer-001.wav")

    def rename(m):
        m["audio"][0]["member"] = "audio/answer-001.opus"
    bad = rewrite(bundle, tmp_path / "bad.zip", manifest=rename, extra=[("audio/answer-001.opus", wav)])
    refused(mentor, bad, "is WAV PCM_16 audio, not the .opus recording its name says")


def test_a_file_no_answer_uses_is_refused(bundle, mentor, tmp_path):
    with zipfile.ZipFile(bundle) as zf:
        wav = zf.read("audio/answer-001.wav")

    def smuggle(m):
        m["audio"].append({"path": "recordings/9/payload.wav", "member": "audio/payload.wav", "size": len(wav),
                           "sha256": hashlib.sha256(wav).hexdigest()})
    bad = rewrite(bundle, tmp_path / "bad.zip", manifest=smuggle, extra=[("audio/payload.wav", wav)])
    refused(mentor, bad, "carries audio/payload.wav, which no answer in the session uses")


@pytest.mark.parametrize("key, value, what", [("schema_version", 99, "database schema 99"),
                                              ("format_version", 2, "session format 2")])
def test_a_newer_version_inside_the_session_document_is_refused(bundle, mentor, tmp_path, key, value, what):
    bad = rewrite(bundle, tmp_path / "new.zip", session=lambda doc: doc.update({key: value}))
    message = refused(mentor, bad, "made by a newer erbsim")
    assert what in message
    with pytest.raises(BundleError, match="made by a newer erbsim"):
        read_bundle(bad)


@pytest.mark.parametrize("spell", [str.upper, lambda u: f" {u} ", lambda u: "{" + u + "}",
                                   lambda u: u.replace("-", "")])
def test_the_duplicate_import_check_cannot_be_bypassed_by_spelling_the_uuid_otherwise(bundle, mentor, tmp_path,
                                                                                       spell):
    first = import_bundle(mentor, bundle, check_audio=check_recording)

    def respell_manifest(m):
        m["session_uuid"] = spell(m["session_uuid"])

    def respell_session(doc):
        doc["session"]["uuid"] = spell(doc["session"]["uuid"])
    again = rewrite(bundle, tmp_path / "again.zip", manifest=respell_manifest, session=respell_session)
    refused(mentor, again, f"already here \\(session {first.session_id}\\)")
    assert mentor.count_sessions() == 1


def test_deep_nesting_is_refused(bundle, mentor, tmp_path):
    board: dict = {}
    node = board
    for _ in range(200):
        node["seats"] = {}
        node = node["seats"]
    refused(mentor, rewrite(bundle, tmp_path / "deep.zip", session=_set("session.board", board)),
            "nested more than 32 levels deep")
    deeper = tmp_path / "deeper.zip"  # deeper than the JSON parser's own recursion limit
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(deeper, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item) if item.filename != "session.json" else b"[" * 100_000 + b"]" * 100_000)
    refused(mentor, deeper, "session.json in the bundle is nested too deeply")


def _zeros_member(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes (a multiple of 1 MiB) and its CRC-32,
    built in about a second: after a full flush each 1 MiB compresses to the same bytes."""
    mib = bytes(1024 * 1024)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packer.compress(mib)
    packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(mib) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = block * (size // len(mib)) + packer.flush()
    crc = 0
    for _ in range(size // len(mib)):
        crc = binascii.crc32(mib, crc)
    return stream, crc


def _zip_with_raw_member(bundle: Path, out: Path, name: str, stream: bytes, size: int, crc: int,
                         manifest) -> Path:
    """A valid zip: the bundle's members (the manifest changed) plus `name`, stored as the deflate `stream`."""
    with zipfile.ZipFile(bundle) as src:
        members = [(i.filename, src.read(i)) for i in src.infolist()]
    members = [(n, json.dumps(manifest(json.loads(d))).encode() if n == "manifest.json" else d) for n, d in members]
    body, central = bytearray(), bytearray()

    def add(filename: str, method: int, payload: bytes, crc32: int, length: int) -> None:
        encoded = filename.encode()
        offset = len(body)
        body.extend(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc32, len(payload), length,
                                len(encoded), 0) + encoded + payload)
        central.extend(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0, crc32, len(payload),
                                   length, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)

    for filename, data in members:
        add(filename, 0, data, zlib.crc32(data), len(data))
    add(name, 8, stream, crc, size)
    count = len(members) + 1
    out.write_bytes(bytes(body) + bytes(central) + struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count,
                                                                len(central), len(body), 0))
    return out


def test_two_gib_of_zeros_declared_as_an_answer_is_refused_before_a_byte_is_extracted(bundle, mentor, tmp_path):
    size = 2 * 1024**3
    stream, crc = _zeros_member(size)

    def declare(m):
        m["audio"][0].update(member="audio/huge.wav", size=size, sha256=hashlib.sha256(b"").hexdigest())
        return m
    bomb = _zip_with_raw_member(bundle, tmp_path / "bomb.zip", "audio/huge.wav", stream, size, crc, declare)
    assert bomb.stat().st_size < 3 * 1024**2  # a 2.x MB zip, as the issue found it
    with zipfile.ZipFile(bomb) as zf:
        assert zf.getinfo("audio/huge.wav").file_size == size
    refused(mentor, bomb, "too large")


def test_an_over_compressed_recording_is_refused_before_it_is_extracted(bundle, mentor, tmp_path):
    size = 64 * 1024**2  # under the size limit, but 1,000 to 1: no recording compresses like that
    assert size < MAX_AUDIO_FILE_BYTES
    stream, crc = _zeros_member(size)

    def declare(m):
        m["audio"][0].update(member="audio/zeros.wav", size=size, sha256=hashlib.sha256(b"").hexdigest())
        return m
    bomb = _zip_with_raw_member(bundle, tmp_path / "zeros.zip", "audio/zeros.wav", stream, size, crc, declare)
    refused(mentor, bomb, "compressed .* to 1")


def test_a_refused_import_after_the_audio_was_staged_leaves_no_staging_folder(bundle, mentor, tmp_path):
    refused(mentor, rewrite(bundle, tmp_path / "bad.zip", replace={"audio/answer-002.wav": b"RIFF" + bytes(60)}),
            "answer-002.wav in the bundle is not audio that decodes")
    assert not [p for p in mentor.data_root.iterdir() if p.name.startswith(".import-")]


def test_a_valid_bundle_still_imports_whole(bundle, mentor):
    result = import_bundle(mentor, bundle, check_audio=check_recording)
    got = mentor.get_session(result.session_id)
    assert [t.position for t in got.turns] == [1, 2]
    assert all(mentor.audio_file(t.audio_path).is_file() for t in got.turns)
    assert [(n.text, v.vote) for n, v in zip(got.notes, got.votes, strict=True)] == [("Name the adopters first",
                                                                                      "pass")]


def test_the_document_checker_keeps_a_valid_document_as_it_was(bundle, mentor):
    """The check cleans (known keys only) but changes no value of a valid export."""
    from erbsim.core.store import JSON_FORMAT, JSON_FORMAT_VERSION, SCHEMA_VERSION
    from erbsim.core.store.document_check import check_session_document

    with zipfile.ZipFile(bundle) as zf:
        doc = json.loads(zf.read("session.json"))
    checked = check_session_document(copy.deepcopy(doc), json_format=JSON_FORMAT,
                                     json_format_version=JSON_FORMAT_VERSION, schema_version=SCHEMA_VERSION)
    for original, kept in zip(doc["turns"], checked["turns"], strict=True):
        assert {k: original[k] for k in kept} == kept
    assert {k: doc["session"][k] for k in checked["session"]} == checked["session"]


def test_a_failure_to_move_the_audio_after_the_commit_takes_the_session_back_out(bundle, mentor):
    """The files move into place only after the transaction commits; when that fails
    (here `recordings` is a file, so no folder can be made in it) the session goes again."""
    (mentor.data_root / "recordings").write_bytes(b"in the way")
    message = refused(mentor, bundle, "could not write to the data folder")
    assert mentor.count_sessions() == 0 and "Traceback" not in message
    assert mentor.search("business units") == []
    assert not [p for p in mentor.data_root.iterdir() if p.name.startswith(".import-")]
