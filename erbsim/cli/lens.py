"""`erbsim lens [--json]`: read one answer from stdin, print its ERB-lens signals
(with the sentences that triggered them), the board's feedback and the
text-only delivery analytics."""

from __future__ import annotations

import argparse
import json
import sys


def register(commands, bench_commands) -> None:
    parser = commands.add_parser(
        "lens", help="mark the ERB signals in an answer read from stdin",
        description="Reads one spoken answer from stdin and prints the ERB-lens signals "
                    "(foresight, autonomy, mandate, cross-BU adoption ...), the sentences that "
                    "triggered them, and feedback in the board's terms. Rule-based and offline.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from erbsim.core.analytics import analyze_text
    from erbsim.core.lens import SIGNAL_LABELS, SIGNALS, analyze, feedback

    text = sys.stdin.read()
    result = analyze(text)
    notes = feedback(result)
    delivery = analyze_text(text)
    if args.json:
        data = result.to_dict()
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
