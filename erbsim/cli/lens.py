"""`erbsim lens [--json]`: read one answer from stdin, print its ERB-lens signals
(with the sentences that triggered them), the board's feedback and the
text-only delivery analytics."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from erbsim.cli.errors import CommandError


def register(commands, bench_commands) -> None:
    parser = commands.add_parser(
        "lens", help="mark the ERB signals in an answer read from stdin",
        description="Reads one spoken answer from stdin and prints the ERB-lens signals "
                    "(foresight, autonomy, mandate, cross-BU adoption ...), the sentences that "
                    "triggered them, and feedback in the board's terms. Rule-based and offline.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--question", metavar="ID|TEXT",
                        help="the board question answered: a bank question id (see `erbsim banks list`) "
                             "or its text; feedback then answers the question asked")
    parser.set_defaults(func=run)

    bench = bench_commands.add_parser(
        "lens", help="the lens's per-signal F1 on labelled answers, and its time for a 45-minute session")
    bench.add_argument("corpus", nargs="+", type=Path, metavar="FILE.yaml",
                       help="labelled answers (the format of tests/core/lens_corpus/*.yaml)")
    bench.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    bench.set_defaults(func=bench_lens)


def bench_lens(args: argparse.Namespace) -> int:
    from erbsim.core.lens.evaluation import bench_lens as run_bench

    for path in args.corpus:
        if not path.is_file():
            raise CommandError(f"no such corpus file: {path}")
    json.dump(run_bench(args.corpus), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def resolve_question(value: str | None, data_dir: Path | None):
    """A bank Question when `value` is the id of one (shipped banks and the
    user's own), otherwise the text itself; None without --question."""
    if value is None:
        return None
    from erbsim.core.banks import default_bank_paths, load_banks

    user_banks = data_dir / "question_banks" if data_dir is not None else None
    question = load_banks(default_bank_paths(user_banks)).by_id().get(value.strip())
    return question if question is not None else value


def run(args: argparse.Namespace) -> int:
    from erbsim.core.analytics import analyze_text
    from erbsim.core.lens import SIGNAL_LABELS, SIGNALS, analyze, feedback

    question = resolve_question(args.question, args.data_dir)
    text = sys.stdin.read()
    result = analyze(text)
    notes = feedback(result, question=question)
    delivery = analyze_text(text)
    if args.json:
        data = result.to_dict()
        if question is not None:
            data["question"] = _question_dict(question)
        data["feedback"] = [f.to_dict() for f in notes]
        data["delivery"] = delivery.to_dict()
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0

    out = sys.stdout
    if not text.strip():
        out.write("No answer on stdin. Example: echo 'I led the launch ...' | erbsim lens\n")
    out.write("Signals\n")
    for name in SIGNALS:
        sig = result.signals[name]
        mark = "+" if sig.present else "-"
        out.write(f"  {mark} {SIGNAL_LABELS[name]}\n")
        for sentence in sig.sentences:
            out.write(f"      \"{sentence}\"\n")
    out.write("\nFeedback\n")
    for f in notes:
        out.write(f"  [{f.severity}] {f.message}  ({f.dimension.replace('_', ' ')})\n")
        if f.severity != "strength":
            out.write(f"      {f.advice}\n")
    out.write(f"\nDelivery: {delivery.word_count} words, {delivery.filler_count} fillers")
    if delivery.filler_counts:
        out.write(" (" + ", ".join(f"{k} x{v}" for k, v in delivery.filler_counts.items()) + ")")
    out.write("\n")
    return 0


def _question_dict(question) -> dict:
    if isinstance(question, str):
        return {"id": None, "text": question}
    return {"id": question.id, "text": question.text, "category": question.category,
            "dimension": question.dimension}
