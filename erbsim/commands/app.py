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

    startup = bench_commands.add_parser("startup", help="seconds from launch to an interactive home window")
    startup.add_argument("--runs", type=int, default=5)
    startup.add_argument("--json", action="store_true")
    startup.set_defaults(func=bench_startup)


def bench_startup(args) -> int:
    """Launch the real app N times (offscreen, throwaway data folder) and time each launch."""
    import os
    import statistics
    import subprocess
    import sys
    import tempfile

    from erbsim.ui.app import READY_PROBE_ENV

    times = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="erbsim-startup-") as home:
            env = dict(os.environ, ERBSIM_HOME=home, XDG_CONFIG_HOME=home, QT_QPA_PLATFORM="offscreen",
                       **{READY_PROBE_ENV: "1"})
            result = subprocess.run([sys.executable, "-m", "erbsim"], env=env, capture_output=True,
                                    text=True, timeout=120)
            line = next((l for l in result.stdout.splitlines() if l.startswith("erbsim-ready ")), None)
            if line is None:
                print(result.stderr[-2000:], file=sys.stderr)
                return 1
            times.append(float(line.split()[1]))
    report = {"runs": args.runs, "launch_to_home_s_median": round(statistics.median(times), 3),
              "launch_to_home_s_max": round(max(times), 3), "all_s": times}
    print(json.dumps(report, indent=2) if args.json else
          f"launch to home window: median {report['launch_to_home_s_median']} s, max {report['launch_to_home_s_max']} s")
    return 0


def selftest(args) -> int:
    from erbsim.ui.selftest import run_selftest

    result = run_selftest(args.seconds, args.questions, args.answer_audio, args.answer_sink)
    print(json.dumps(result, indent=2))
    ok = result["questions_asked"] >= 1 and result["answers_recorded"] == args.questions
    return 0 if ok else 1
