"""`erbsim review ...`, `erbsim export --format pdf` and `erbsim bench store`, in process."""

from __future__ import annotations

import json
import re

import pytest

from erbsim.cli import main
from erbsim.commands.review import populate, synthetic_answer
from erbsim.core.storage import Store


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


def test_bench_store_small(tmp_path, capsys):
    assert main(["bench", "store", "--sessions", "4", "--answers", "2", "--repeat", "3",
                 "--keep", str(tmp_path / "bench"), "--no-ui"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sessions"] == 4 and result["turns"] == 8
    assert set(result["list"]) >= {"first_page_50", "all_rows", "target_ms"}
    assert result["search"]["queries"]["privacy"]["runs"] == 3


def test_synthetic_answers_are_realistic_lengths():
    import random

    rng = random.Random(1)
    lengths = [len(synthetic_answer(rng).split()) for _ in range(20)]
    assert min(lengths) >= 300 and max(lengths) <= 450
