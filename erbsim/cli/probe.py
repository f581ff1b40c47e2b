"""`erbsim probe [--json] --question ID|TEXT [--example ID] [--packet ID|FILE]`: read one
answer from stdin and print the follow-up the board would ask (the text the seat
says, the lens signal it targets, why, and the answer's words it was chosen
from), the question's listen_for points the answer covered, and the track its
language reads as. docs/probe.md explains how the follow-up is chosen."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from erbsim.cli.errors import CommandError
from erbsim.cli.store_access import with_store

# What a question id looks like ("strategy-001", "my_bank-q3"), as opposed to a question's text.
_ID_RX = re.compile(r"^[a-z][a-z0-9_]*(?:[-_.][a-z0-9]+)+$", re.I)


def register(commands, bench_commands) -> None:
    parser = commands.add_parser(
        "probe", help="the board's follow-up to an answer read from stdin",
        description="Reads one spoken answer from stdin and prints the follow-up the board would ask: "
                    "aimed at what the answer lacked (no adopter named, a number with no baseline, work that "
                    "was assigned ...), with the reason and the words it was chosen from; the question's "
                    "listen_for points the answer covered; and the track its language reads as.")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--question", required=True, metavar="ID|TEXT",
                        help="the board question answered: a bank question id (see `erbsim banks list`) or its text")
    parser.add_argument("--example", metavar="ID",
                        help="the packet example the answer is about (in the most recently edited packet in the "
                             "data folder, unless --packet is given)")
    parser.add_argument("--packet", metavar="ID|FILE",
                        help="the packet: its id in the data folder, or a packet file (YAML or Markdown)")
    parser.add_argument("--asked", action="append", default=[], metavar="TEXT",
                        help="a follow-up already asked in the session, never repeated (may be given again)")
    parser.add_argument("--answer-s", type=float, metavar="SECONDS", help="how long the answer ran")
    parser.add_argument("--soft-limit-s", type=float, metavar="SECONDS", help="the answer's soft limit")
    parser.add_argument("--track", choices=("staff", "principal"),
                        help="the track the candidate chose (default: the example's, else the packet's)")
    parser.set_defaults(func=run)


def _questions(data_dir: Path | None):
    from erbsim.core.banks import default_bank_paths, load_banks

    user_banks = data_dir / "question_banks" if data_dir is not None else None
    return load_banks(default_bank_paths(user_banks)).questions


def resolve_question(value: str, questions):
    """The bank Question with id `value`, or `value` as the question's text; an
    id that names no question is an error, not a question."""
    value = value.strip()
    if not value:
        raise CommandError("--question needs a question id or the question's text")
    found = next((q for q in questions if q.id == value), None)
    if found is not None:
        return found
    if _ID_RX.match(value):
        raise CommandError(f"unknown question id {value!r} (see `erbsim banks list`)")
    return value


def _packet_from_file(path: Path):
    """A packet file: read by erbsim.core.packet.io (YAML or Markdown) when it is there, else as YAML."""
    from erbsim.core.packet.model import Packet, PacketError

    if not path.is_file():
        raise CommandError(f"no such packet file: {path}")
    try:
        from erbsim.core.packet.io import load_packet_file  # type: ignore[import-not-found]
    except ImportError:  # the packet reader is not here yet: YAML only
        load_packet_file = None
    if load_packet_file is not None:
        try:
            return load_packet_file(path)
        except PacketError as error:  # its message names the file
            raise CommandError(str(error)) from error
    import yaml

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise CommandError(f"{path.name}: a packet file here is YAML (.yaml or .yml)")
    try:
        return Packet.from_dict(yaml.safe_load(path.read_text(encoding="utf-8")))
    except PacketError as error:
        raise CommandError(f"{path.name}: {error}") from error
    except yaml.YAMLError as error:
        raise CommandError(f"{path.name}: not valid YAML ({error})") from error
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from error


@with_store(create=False)
def _stored_packet(store, args) -> int:
    """Put the packet named by --packet ID (or the most recently edited one) on args.stored_body."""
    from erbsim.core.store.packets import PacketNotFound

    if store is None:
        raise CommandError(f"no packet in {args.data_dir}: enter one in the app, or give --packet FILE")
    if args.packet is not None:
        try:
            stored = store.get_packet(int(args.packet))
        except PacketNotFound as error:
            raise CommandError(f"{error} (the app lists your packets)") from error
    else:
        packets = store.list_packets()
        if not packets:
            raise CommandError(f"no packet in {args.data_dir}: enter one in the app, or give --packet FILE")
        stored = packets[0]
    args.stored_body = stored.body
    return 0


def _packet(args):
    from erbsim.core.packet.model import Packet, PacketError

    if args.packet is None and args.example is None:
        return None
    if args.packet is not None and not args.packet.strip().isdigit():
        return _packet_from_file(Path(args.packet))
    _stored_packet(args)
    try:
        return Packet.from_dict(args.stored_body)
    except PacketError as error:
        raise CommandError(f"the stored packet cannot be read: {error}") from error


def run(args: argparse.Namespace) -> int:
    from erbsim.core.banks import Question
    from erbsim.core.probe import choose_follow_up, listen_for_coverage, read_track

    questions = _questions(args.data_dir)
    question = resolve_question(args.question, questions)
    packet = _packet(args)
    example = None
    if args.example is not None:
        example = packet.example(args.example.strip())
        if example is None:
            ids = ", ".join(e.id for e in packet.examples) or "none"
            raise CommandError(f"no example {args.example!r} in packet {packet.name!r} (its examples: {ids})")
    bank = [q for q in questions if q.condition]
    text = sys.stdin.read()
    follow_up = choose_follow_up(text, question, example, asked=args.asked, bank=bank, answer_s=args.answer_s,
                                 soft_limit_s=args.soft_limit_s)
    points = listen_for_coverage(text, question) if isinstance(question, Question) else []
    chosen = args.track or (example.track if example else packet.track if packet else None) or (
        question.track if isinstance(question, Question) and question.track != "both" else "staff")
    track = read_track(text, chosen)
    if args.json:
        data = {"follow_up": follow_up.text, "signal": follow_up.signal, "reason": follow_up.reason,
                "evidence": list(follow_up.evidence), "source": follow_up.source,
                "question_id": follow_up.question_id}  # a conditional bank question chosen as the follow-up
        data["question"] = _question_dict(question)
        data["example"] = ({"id": example.id, "title": example.title, "packet": packet.name}
                           if example is not None else None)
        data["listen_for"] = [{"text": p.text, "covered": p.covered, "evidence": p.evidence} for p in points]
        data["track"] = track.to_dict()
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    _print(text, follow_up, points, track)
    return 0


_SOURCES = {"lens": "what the answer lacked", "packet": "the packet", "condition": "a conditional bank question",
            "bank": "the question's own follow-ups"}


def _print(text, follow_up, points, track) -> None:
    out = sys.stdout
    if not text.strip():
        out.write("No answer on stdin. Example: echo 'I led the launch ...' | erbsim probe --question strategy-001\n\n")
    target = f"targets {follow_up.signal}, " if follow_up.signal else ""
    out.write(f"Follow-up ({target}from {_SOURCES.get(follow_up.source, follow_up.source)})\n")
    out.write(f"  \"{follow_up.text}\"\n")
    out.write(f"Why: {follow_up.reason}\n")
    for words in follow_up.evidence:
        out.write(f"  \"{words}\"\n")
    if points:
        covered = sum(p.covered for p in points)
        out.write(f"\nListen for ({covered} of {len(points)} covered)\n")
        for p in points:
            out.write(f"  [{'x' if p.covered else ' '}] {p.text}\n")
            if p.evidence:
                out.write(f"      \"{p.evidence}\"\n")
    fit = {True: "fits", False: "does not fit", None: "cannot say whether it fits"}[track.agrees]
    out.write(f"\nTrack: reads as {track.reading} (staff {track.staff_score:g}, principal {track.principal_score:g}); "
              f"{fit} the chosen track, {track.chosen}\n")
    for s in track.sentences:
        out.write(f"  {s.track}: \"{s.text}\" ({', '.join(s.terms)})\n")


def _question_dict(question) -> dict:
    if isinstance(question, str):
        return {"id": None, "text": question}
    return {"id": question.id, "text": question.text, "category": question.category,
            "dimension": question.dimension, "seat": question.seat}
