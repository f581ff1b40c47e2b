"""`erbsim review ...` and `erbsim export --format pdf`, in process."""

from __future__ import annotations

import json
import re

import pytest

from erbsim.cli import main
from erbsim.core.store import Store
from erbsim.devtools.synthetic import populate


@pytest.fixture
def folders(tmp_path, monkeypatch):
    # --data-dir must decide, not $ERBSIM_HOME; monkeypatch also undoes main() writing it (until it stops)
    monkeypatch.setenv("ERBSIM_HOME", str(tmp_path / "not-this-one"))
    a, b = tmp_path / "candidate", tmp_path / "mentor"
    with Store(data_root=a) as store:
        (sid,) = populate(store, 1, answers=3, seed=1, audio_for={0})
    return a, b, sid


def test_bundle_and_import_between_data_folders(folders, tmp_path, capsys):
    a, b, sid = folders
    out = tmp_path / "s.zip"
    assert main(["--data-dir", str(a), "review", "bundle", str(sid), "--out", str(out)]) == 0
    assert main(["--data-dir", str(b), "review", "import", str(out)]) == 0
    assert "imported session 1 with 3 recordings" in capsys.readouterr().out
    assert main(["--data-dir", str(b), "review", "import", str(out)]) == 1
    assert "already here" in capsys.readouterr().err
    with Store(data_root=b) as store:
        turns = store.get_session(1).turns
        assert len(turns) == 3 and all(store.audio_file(t.audio_path).is_file() for t in turns)
    assert main(["--data-dir", str(a), "review", "bundle", "99", "--out", str(out)]) == 1
    assert main(["--data-dir", str(b), "review", "import", str(tmp_path / "none.zip")]) == 1


def test_pdf_from_both_commands(folders, tmp_path, capsys):
    a, _b, sid = folders
    for argv in (["export", str(sid), "--format", "pdf", "--out", str(tmp_path / "a.pdf")],
                 ["review", "export-pdf", str(sid), "--out", str(tmp_path / "b.pdf")]):
        assert main(["--data-dir", str(a), *argv]) == 0
        pages = int(re.search(r"\((\d+) pages\)", capsys.readouterr().err).group(1))
        assert pages >= 2  # three answers of 300-450 words do not fit on one page
    for name in ("a.pdf", "b.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    assert main(["--data-dir", str(a), "export", str(sid), "--format", "pdf"]) == 1


def test_trends_command(folders, capsys):
    a, _b, sid = folders
    assert main(["--data-dir", str(a), "review", "trends", "--json"]) == 0
    points = json.loads(capsys.readouterr().out)["points"]
    assert [p["session_id"] for p in points] == [sid] and points[0]["answers"] == 3
    assert main(["--data-dir", str(a), "review", "trends"]) == 0
    assert str(sid) in capsys.readouterr().out


@pytest.mark.parametrize("change", [
    lambda m, d: m.update(audio=5),  # a number where a list belongs: was a TypeError traceback
    lambda m, d: d["turns"][1].update(position=d["turns"][0]["position"]),  # was an IntegrityError traceback
    lambda m, d: d["turns"][0]["ratings"].append({"dimension": "x", "score": 11, "rater": "self",
                                                  "created_at": "2026-08-14T10:00:00Z"}),
])
def test_a_hostile_bundle_is_one_line_and_exit_1(folders, tmp_path, capsys, change):
    import zipfile

    a, b, sid = folders
    good = tmp_path / "s.zip"
    assert main(["--data-dir", str(a), "review", "bundle", str(sid), "--out", str(good)]) == 0
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        manifest, doc = json.loads(src.read("manifest.json")), json.loads(src.read("session.json"))
        change(manifest, doc)
        for item in src.infolist():
            data = {"manifest.json": json.dumps(manifest).encode(),
                    "session.json": json.dumps(doc).encode()}.get(item.filename) or src.read(item)
            dst.writestr(item, data)
    capsys.readouterr()
    assert main(["--data-dir", str(b), "review", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"erbsim: cannot import {bad}: ") and err.count("\n") == 1 and "Traceback" not in err
    with Store(data_root=b) as store:
        assert store.count_sessions() == 0
    assert not (b / "recordings").exists() or not any((b / "recordings").iterdir())
