"""Fuzzing the bundle importer (issue 12): structure-aware mutations of a valid bundle.

Hypothesis changes a real exported bundle the way a hostile or careless sender
could: a value anywhere in the manifest or the session document replaced by one
of another type or out of range (NaN, huge numbers, deep nesting ...), keys
dropped, turns repeated, odd zip members added, members replaced or removed,
bytes of the zip flipped. Whatever comes out, only BundleError may escape, and
a refused import leaves the database and the data folder exactly as they were.
"""

from __future__ import annotations

import json
import re
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle_hostile import make_session, snapshot

from erbsim.core.bundle import BundleError, export_bundle, import_bundle
from erbsim.core.store import Store
from erbsim.speech.recording import check_recording


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("fuzz-candidate")
    with Store(data_root=folder) as store:
        path = export_bundle(store, make_session(store), folder / "mei.zip")
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    return {"manifest": json.loads(dict(members)["manifest.json"]),
            "session": json.loads(dict(members)["session.json"]), "members": members}


@pytest.fixture(scope="module")
def mentor(tmp_path_factory):
    with Store(data_root=tmp_path_factory.mktemp("fuzz-mentor")) as store:
        yield store


def paths(value, prefix=()) -> list[tuple]:
    """Every place in a JSON value: tuples of keys and indexes."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def _deep(levels: int) -> str:
    """A list nested `levels` deep, as a marker that write() expands in the JSON text
    (json.dumps itself cannot write what is deeper than Python's recursion limit)."""
    return f"__deep_{levels}__"


_DEEP_MARKER = re.compile(r'"__deep_(\d+)__"')


def _dumps(value) -> bytes:
    text = json.dumps(value)
    text = _DEEP_MARKER.sub(lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    return text.encode("utf-8", "surrogatepass")


hostile = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["", "1", "-1", "NaN", "2026-13-45T99:00:00Z", "../../etc/passwd", "\ud800", "x" * 5000]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    st.integers(min_value=30, max_value=2000).map(_deep),
)
odd_names = st.sampled_from(["../evil.wav", "/etc/evil", "audio/", "audio/../../x.wav", "manifest.json",
                             "session.json", "audio/answer-001.wav", "audio/" + "a" * 300, "audio/\x00.wav",
                             "C:\\evil.wav", "audio/.hidden"])


@st.composite
def mutations(draw, original: dict):
    manifest = json.loads(json.dumps(original["manifest"]))
    session = json.loads(json.dumps(original["session"]))
    members = {name: data for name, data in original["members"]}
    extra: list[tuple[str, bytes]] = []
    flips: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["replace", "replace", "replace", "drop", "repeat_turn", "repeat_position",
                                     "odd_member", "member_content", "remove_member", "flip"]))
        doc = draw(st.sampled_from([manifest, session]))
        if kind in ("replace", "drop"):
            where = draw(st.sampled_from(paths(doc)))
            parent = doc
            for key in where[:-1]:
                parent = parent[key]
            if kind == "replace":
                parent[where[-1]] = draw(hostile)
            elif isinstance(parent, dict):
                parent.pop(where[-1], None)
        elif kind == "repeat_turn" and isinstance(session.get("turns"), list) and session["turns"]:
            session["turns"].append(json.loads(json.dumps(session["turns"][0])))
        elif kind == "repeat_position" and isinstance(session.get("turns"), list) and len(session["turns"]) > 1:
            if isinstance(session["turns"][0], dict) and isinstance(session["turns"][1], dict):
                session["turns"][1]["position"] = session["turns"][0].get("position")
        elif kind == "odd_member":
            extra.append((draw(odd_names), draw(st.binary(max_size=64))))
        elif kind == "member_content":
            members[draw(st.sampled_from(sorted(members)))] = draw(st.binary(max_size=256))
        elif kind == "remove_member":
            members.pop(draw(st.sampled_from(sorted(members))), None)
        elif kind == "flip":
            flips.append((draw(st.integers(min_value=0, max_value=20_000)), draw(st.integers(1, 255))))
    return manifest, session, members, extra, flips


def write(path: Path, manifest, session, members: dict, extra, flips) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: that is the point
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                if name == "manifest.json":
                    data = _dumps(manifest)
                elif name == "session.json":
                    data = _dumps(session)
                zf.writestr(name, data)
            for name, data in extra:
                zf.writestr(name, data)
    if flips:
        raw = bytearray(path.read_bytes())
        for offset, mask in flips:
            raw[offset % len(raw)] ^= mask
        path.write_bytes(bytes(raw))
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_bundle_imports_whole_or_is_refused_with_nothing_written(original, mentor, tmp_path, data):
    bundle = write(tmp_path / "fuzzed.zip", *data.draw(mutations(original)))
    before = snapshot(mentor)
    try:
        result = import_bundle(mentor, bundle, check_audio=check_recording)
    except BundleError as error:
        assert str(error) and "\n" not in str(error)
        assert snapshot(mentor) == before
        return
    # accepted: the session is whole and readable, its audio in the data folder; then removed for the next example
    detail = mentor.get_session(result.session_id)
    for turn in detail.turns:
        if turn.audio_path:
            assert mentor.audio_file(turn.audio_path).resolve().is_relative_to(mentor.data_root.resolve())
            assert check_recording(mentor.audio_file(turn.audio_path)) is None
    mentor.delete_session(result.session_id)
    for packet in mentor.list_packets():
        mentor.delete_packet(packet.id)
