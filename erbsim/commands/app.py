"""`erbsim selftest`: the app's real paths, scripted and offscreen."""

from __future__ import annotations

import json


def register(commands, bench_commands) -> None:
    parser = commands.add_parser("selftest", help="run a short scripted defense offscreen and print JSON")
    parser.add_argument("--seconds", type=float, default=12.0, help="total answering time (default 12)")
    parser.add_argument("--questions", type=int, default=2, help="questions to answer (default 2)")
    parser.add_argument("--answer-audio", metavar="WAV",
                        help="play this recording into --answer-sink while answering (virtual microphones)")
    parser.add_argument("--answer-sink", default="vmic_in", help="PulseAudio sink feeding the microphone")
    parser.set_defaults(func=selftest)


def selftest(args) -> int:
    from erbsim.ui.selftest import run_selftest

    result = run_selftest(args.seconds, args.questions, args.answer_audio, args.answer_sink)
    print(json.dumps(result, indent=2))
    ok = result["questions_asked"] >= 1 and result["answers_recorded"] == args.questions
    return 0 if ok else 1
