"""`erbsim probe`: the follow-up to an answer on stdin, with a question id or text, a packet example
from a file or from the store."""

from __future__ import annotations

import io
import json
import sys

import pytest
import yaml

from erbsim.cli import main
from erbsim.core.banks import default_bank_paths, load_banks
from erbsim.core.store import Store

NO_ADOPTER = ("About ten months before the fee change I saw that long-tail sellers would churn. Nobody asked me; "
              "I built a health score, and churn went from 9.1 percent to 6.4 percent.")
PACKET = {
    "name": "ERB 2027 spring", "candidate": "Lin", "track": "staff",
    "examples": [
        {"id": "ex1", "title": "Seller health score", "business_unit": "Taobao",
         "adopters": [{"organisation": "Ele.me", "reused_as": "template",
                       "what_changed": "weekly merchant churn review"}]},
        {"id": "ex2", "title": "Returns API", "business_unit": "Cainiao", "asked_by": "the Cainiao GM"},
    ],
}


def _run(args, answer, monkeypatch, capsys, data_dir):
    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    code = main(["--data-dir", str(data_dir), "probe", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _replication_question():
    questions = load_banks(default_bank_paths()).questions
    return next(q for q in questions if q.dimension == "cross_bu_impact" and "who else" in q.text.lower())


def test_json_shape_for_a_bank_question(monkeypatch, capsys, tmp_path):
    question = _replication_question()
    code, out, _ = _run(["--json", "--question", question.id], NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 0
    data = json.loads(out)
    assert list(data)[:5] == ["follow_up", "signal", "reason", "evidence", "source"]
    assert data["signal"] == "cross_bu_adoption" and data["source"] == "lens"
    assert data["follow_up"] and data["reason"].endswith(".")
    assert data["evidence"] == []  # an absence: nothing in the answer to quote
    assert data["question"]["id"] == question.id
    assert len(data["listen_for"]) >= 1
    assert all(set(p) == {"text", "covered", "evidence"} for p in data["listen_for"])
    assert set(data["track"]) >= {"reading", "chosen", "staff_score", "principal_score", "sentences", "agrees"}
    assert not (tmp_path / "erbsim.sqlite3").exists() and not any(tmp_path.iterdir())  # no store was created


def test_question_text_and_evidence_from_the_answer(monkeypatch, capsys, tmp_path):
    answer = "My GM asked me to build the returns flow in Q4, so I did."
    code, out, _ = _run(["--json", "--question", "Whose idea was this?"], answer, monkeypatch, capsys, tmp_path)
    data = json.loads(out)
    assert code == 0 and data["signal"] == "mandate"
    assert data["evidence"] == [answer]
    assert data["question"] == {"id": None, "text": "Whose idea was this?"}
    assert data["listen_for"] == []


def test_unknown_question_id_is_an_error(monkeypatch, capsys, tmp_path):
    code, out, err = _run(["--json", "--question", "strategy-999"], NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 1 and out == ""
    assert err.strip() == "erbsim: unknown question id 'strategy-999' (see `erbsim banks list`)"


def test_example_from_a_packet_file_names_its_adopter(monkeypatch, capsys, tmp_path):
    path = tmp_path / "packet.yaml"
    path.write_text(yaml.safe_dump(PACKET), encoding="utf-8")
    code, out, _ = _run(["--json", "--question", "Who else uses it?", "--packet", str(path), "--example", "ex1"],
                        NO_ADOPTER, monkeypatch, capsys, tmp_path)
    data = json.loads(out)
    assert code == 0 and data["source"] == "packet"
    assert "Ele.me" in data["follow_up"]
    assert data["example"] == {"id": "ex1", "title": "Seller health score", "packet": "ERB 2027 spring"}
    code, _, err = _run(["--question", "Who else uses it?", "--packet", str(path), "--example", "ex7"],
                        NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 1 and "no example 'ex7'" in err and "ex1, ex2" in err


def test_example_of_the_most_recently_edited_packet_in_the_store(monkeypatch, capsys, tmp_path):
    store = Store(data_root=tmp_path)
    try:
        older = store.save_packet({**PACKET, "name": "ERB 2026 autumn",
                                   "examples": [{"id": "ex2", "title": "Old returns", "business_unit": "Cainiao"}]})
        store.save_packet(PACKET)
    finally:
        store.close()
    answer = "This one was mine: I saw returns becoming our biggest cost and proposed a redesign of the flow."
    code, out, _ = _run(["--json", "--question", "Whose idea was this?", "--example", "ex2"], answer,
                        monkeypatch, capsys, tmp_path)
    data = json.loads(out)
    assert code == 0 and (data["signal"], data["source"]) == ("mandate", "packet")
    assert "the Cainiao GM" in data["follow_up"]
    code, out, _ = _run(["--json", "--question", "Whose idea was this?", "--packet", str(older), "--example", "ex2"],
                        answer, monkeypatch, capsys, tmp_path)
    assert code == 0 and json.loads(out)["source"] != "packet"  # the older packet says nobody asked


def test_example_without_any_packet_is_an_error(monkeypatch, capsys, tmp_path):
    code, _, err = _run(["--question", "Who else uses it?", "--example", "ex1"], NO_ADOPTER, monkeypatch, capsys,
                        tmp_path)
    assert code == 1 and "no packet in" in err and "--packet FILE" in err
    code, _, err = _run(["--question", "Who else uses it?", "--packet", str(tmp_path / "missing.yaml"),
                         "--example", "ex1"], NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 1 and "no such packet file" in err


def test_readable_form(monkeypatch, capsys, tmp_path):
    answer = "We launched it and shipped fourteen features, every milestone on time."
    question = _replication_question()
    code, out, _ = _run(["--question", question.id], answer, monkeypatch, capsys, tmp_path)
    assert code == 0
    # the question asked who else uses it, and the answer named no one: that comes before the delivery talk
    assert out.startswith("Follow-up (targets cross_bu_adoption, from what the answer lacked)")
    assert "Why: You said what it did but named no other business unit that uses it." in out
    assert "Listen for (0 of" in out and "Track: reads as unclear" in out


def test_example_from_a_markdown_packet_file(monkeypatch, capsys, tmp_path):
    io_module = pytest.importorskip("erbsim.core.packet.io", reason="the packet file reader (branch packet-core)")
    from erbsim.core.packet.model import Packet

    path = tmp_path / "packet.md"
    path.write_text(io_module.packet_to_markdown(Packet.from_dict(PACKET)), encoding="utf-8")
    code, out, _ = _run(["--json", "--question", "Who else uses it?", "--packet", str(path), "--example", "ex1"],
                        NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 0 and "Ele.me" in json.loads(out)["follow_up"]
    broken = tmp_path / "broken.md"
    broken.write_text("no packet here\n", encoding="utf-8")
    code, _, err = _run(["--question", "Who else uses it?", "--packet", str(broken), "--example", "ex1"],
                        NO_ADOPTER, monkeypatch, capsys, tmp_path)
    assert code == 1 and err.startswith("erbsim: broken.md") and err.count("broken.md") == 1
