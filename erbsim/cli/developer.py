"""Developer tools on the command line: `erbsim selftest` and
`erbsim bench startup|store|speech|voices|probe|crash|long`.

Their code lives in erbsim/devtools/ and is imported only when one of them runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("selftest", help="run a short scripted defense offscreen and print JSON")
    parser.add_argument("--seconds", type=float, default=12.0, help="total answering time (default 12)")
    parser.add_argument("--questions", type=int, default=2, help="questions to answer (default 2)")
    parser.add_argument("--answer-audio", metavar="WAV",
                        help="play this recording into --answer-sink while answering (virtual microphones)")
    parser.add_argument("--answer-sink", default="vmic_in", help="PulseAudio sink feeding the microphone")
    parser.add_argument("--panel", action="store_true",
                        help="a scripted mentor-led panel instead: custom question, probe, cut-in, scores, "
                             "notes, a flag, votes 4-1, reveal")
    parser.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    parser.set_defaults(func=selftest)

    speech = bench_commands.add_parser("speech", help="speech layer: RTF, streaming latency, WER, filler recall, RSS")
    speech.add_argument("--data", required=True, metavar="DIR", help="folder with manifest.csv and audio/")
    speech.add_argument("--json", action="store_true", help="print JSON only")
    speech.add_argument("--model", metavar="NAME_OR_DIR", help="Whisper model (default: bundled tiny.en)")
    speech.add_argument("--pause", type=float, default=1.0, help="seconds of silence between joined clips")
    speech.add_argument("--speed", type=float, default=1.0,
                        help="feed speed for the streaming run, x real time (latency is measured at 1.0)")
    speech.set_defaults(func=bench_speech)

    voices = bench_commands.add_parser("voices", help="board voices: per seat Whisper tiny.en word error rate, "
                                       "real-time factor, time to first sound (cold and prepared)")
    voices.add_argument("--questions", type=int, default=48,
                        help="bank questions without slots each seat speaks (default 48; 0 = all of them)")
    voices.add_argument("--filled", type=int, default=12,
                        help="slotted questions filled from docs/examples/packet-example.md, measured apart "
                             "(default 12; 0 = all)")
    voices.add_argument("--engine", choices=("piper", "espeak"), default="",
                        help="the seats' natural (piper) or espeak-ng voices (default: natural when installed)")
    voices.add_argument("--model", metavar="NAME_OR_DIR", help="Whisper model listening (default: bundled tiny.en)")
    voices.add_argument("--held-out", action="store_true",
                        help="the bank questions the default set leaves out (the voices were tuned on that set)")
    voices.add_argument("--json", action="store_true", help="print JSON only")
    voices.set_defaults(func=bench_voices)

    store = bench_commands.add_parser("store", help="time the sessions list, search and review at scale")
    store.add_argument("--sessions", type=int, default=1000)
    store.add_argument("--answers", type=int, default=12, help="answers per session")
    store.add_argument("--seed", type=int, default=7)
    store.add_argument("--repeat", type=int, default=15, help="timed runs per measurement")
    store.add_argument("--keep", type=Path, metavar="DIR", help="build the database here and keep it")
    store.add_argument("--no-ui", action="store_true", help="skip timing the Review view")
    store.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    store.set_defaults(func=bench_store)

    probe = bench_commands.add_parser("probe", help="score the board's follow-ups, listen_for coverage and track "
                                      "reading on held-out files (tests/core/probe_corpus)")
    probe.add_argument("files", nargs="+", metavar="FILE")
    probe.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    probe.set_defaults(func=bench_probe)

    crash = bench_commands.add_parser("crash", help="SIGKILL the app mid-answer, restart, recover: audio lost, "
                                      "database integrity, recovery (needs PulseAudio; starts a private server)")
    crash.add_argument("--runs", type=int, default=10)
    crash.add_argument("--seed", type=int, help="the kill moments' seed (default: a fresh one, printed)")
    crash.add_argument("--clip", type=Path, metavar="WAV", required=True,
                       help="speech played into the microphone, 16 kHz mono (e.g. the speech dev set's "
                            "jfk_inaugural.wav, 11 s); the kill comes while it plays")
    crash.add_argument("--keep", action="store_true", help="keep the runs' data folders and logs")
    crash.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too)")
    crash.set_defaults(func=bench_crash)
    crash_child = bench_commands.add_parser("crash-child")  # the app as `bench crash` drives it
    crash_child.add_argument("--data-dir", type=Path, required=True)
    crash_child.add_argument("--phase", choices=("record", "resume"), required=True)
    crash_child.set_defaults(func=bench_crash_child)

    startup = bench_commands.add_parser("startup", help="seconds from launch to an interactive home window")
    startup.add_argument("--runs", type=int, default=5)
    startup.add_argument("--json", action="store_true", help="print JSON, with the median seconds of each phase")
    startup.add_argument("--executable", metavar="PATH",
                         help="time this program (a built bundle's erbsim) instead of this Python's -m erbsim")
    startup.set_defaults(func=bench_startup)

    long = bench_commands.add_parser("long", help="a whole defense in real time: memory, threads, file descriptors "
                                     "and the board's clock against the monotonic clock")
    long.add_argument("--minutes", type=int, default=45, help="the defense's length (default 45)")
    long.add_argument("--answer-audio", nargs="*", default=[], metavar="WAV_OR_DIR",
                      help="speech played into --answer-sink in a loop while answering (WAV files or folders)")
    long.add_argument("--answer-sink", default="vmic_in", help="PulseAudio sink feeding the microphone")
    long.add_argument("--every", type=float, default=5.0, help="seconds between samples (default 5)")
    long.add_argument("--trace", type=Path, metavar="FILE", help="write every sample here (JSON lines)")
    long.add_argument("--seed", type=int, default=12, help="varies the answers' lengths")
    long.add_argument("--json", action="store_true", help="print JSON only (progress goes to stderr otherwise)")
    long.set_defaults(func=bench_long)


def selftest(args) -> NoReturn:
    if args.panel:
        from erbsim.devtools.selftest_panel import run_panel_selftest

        report = run_panel_selftest(min(args.seconds, 8.0), args.answer_audio, args.answer_sink)
        print(json.dumps(report, indent=2))
        ok = (report["mode"] == "panel" and report["outcome"] == "approved" and report["custom_questions_spoken"] >= 1
              and report["mentor_text_in_candidate_window"] == 0)
        _exit_now(0 if ok else 1)
    from erbsim.devtools.selftest import run_selftest

    result = run_selftest(args.seconds, args.questions, args.answer_audio, args.answer_sink)
    print(json.dumps(result, indent=2))
    ok = result["questions_asked"] >= 1 and result["answers_recorded"] == args.questions
    _exit_now(0 if ok else 1)


def _exit_now(code: int) -> NoReturn:
    """End a selftest once its report is out and its windows are closed.

    Under heavy load a finished panel selftest once aborted in the interpreter's
    exit ("terminate called without an active exception": a native library's
    worker thread torn down by static destructors), turning a passed run into a
    crash. Everything the selftest wrote is already flushed and closed here, so
    the process ends without running that teardown."""
    import logging
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def bench_probe(args) -> int:
    from erbsim.devtools.eval_probe import bench_probe as run

    print(json.dumps(run(args.files), indent=2))
    return 0


def bench_crash(args) -> int:
    from erbsim.devtools.bench_crash import run

    result = run(args.runs, args.clip, args.seed, keep=args.keep)
    print(json.dumps(result, indent=2))
    return 0 if result["targets_met"] else 1


def bench_crash_child(args) -> int:
    from erbsim.devtools.bench_crash import child

    return child(args.data_dir, args.phase)


def bench_startup(args) -> int:
    from erbsim.devtools.bench_startup import run

    return run(args.runs, as_json=args.json, executable=args.executable)


def bench_long(args) -> int:
    from erbsim.devtools import bench_long as bench

    if args.minutes <= 0:
        print("erbsim: --minutes must be more than 0", file=sys.stderr)
        return 2
    try:
        clips = bench.speech_clips(args.answer_audio)
    except FileNotFoundError as error:
        print(f"erbsim: {error}", file=sys.stderr)
        return 2
    log = (lambda _: None) if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    report = bench.run(args.minutes, clips, args.answer_sink, args.every, args.trace, args.seed, log)
    print(json.dumps(report, indent=2))
    return 0 if report["clock_within_target"] and report["answers"] > 0 else 1


def bench_store(args) -> int:
    from erbsim.devtools.bench_store import bench_store as run

    return run(args)


def bench_voices(args) -> int:
    from erbsim.devtools import bench_voices

    log = (lambda _: None) if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    result = bench_voices.run(args.questions, filled=args.filled, engine=args.engine, model=args.model,
                              held_out=args.held_out, log=log)
    print(json.dumps(result, indent=2))
    return 0 if result["targets_met"] else 1


def bench_speech(args) -> int:
    from erbsim.devtools import bench_speech

    log = (lambda _: None) if args.json else (lambda msg: print(msg, file=sys.stderr))
    result = bench_speech.run(Path(args.data), model=args.model, pause=args.pause, speed=args.speed, log=log)
    print(json.dumps(result, indent=2))
    return 0
