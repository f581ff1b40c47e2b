"""`erbsim bench store` on a small throwaway database."""

from __future__ import annotations

import json

from erbsim.cli import main


def test_bench_store_small(tmp_path, capsys):
    assert main(["bench", "store", "--sessions", "4", "--answers", "2", "--repeat", "3",
                 "--keep", str(tmp_path / "bench"), "--no-ui"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sessions"] == 4 and result["turns"] == 8
    assert set(result["list"]) >= {"first_page_50", "all_rows", "target_ms"}
    assert result["search"]["queries"]["privacy"]["runs"] == 3
