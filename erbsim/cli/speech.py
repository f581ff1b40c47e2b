"""Speech commands: `erbsim transcribe`, `erbsim say`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from erbsim.core.seats import SEAT_NUMBERS
from erbsim.speech.engines import ENGINES, WHISPER


def register(commands, bench_commands) -> None:
    p = commands.add_parser("transcribe", help="transcribe recorded answers offline")
    p.add_argument("files", nargs="+", metavar="FILE", help="audio files (WAV, FLAC, Ogg/Opus, ...)")
    p.add_argument("--json", action="store_true", help="print JSON with words and timings")
    p.add_argument("--engine", choices=ENGINES, default=WHISPER,
                   help="whisper (faster-whisper, default) or sphinx (pocketsphinx via SpeechRecognition)")
    p.add_argument("--model", metavar="NAME_OR_DIR",
                   help="Whisper model name (downloaded once into the cache) or local model folder; "
                        "default: the bundled tiny.en")
    p.set_defaults(func=_transcribe)

    p = commands.add_parser("say", help="render a question in a board member's voice")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--seat", type=int, choices=SEAT_NUMBERS, default=SEAT_NUMBERS[0], metavar="N",
                   help=f"board seat {SEAT_NUMBERS[0]}-{SEAT_NUMBERS[-1]}")
    p.add_argument("--out", required=True, metavar="FILE.wav", help="where to write the WAV file")
    p.set_defaults(func=_say)


def _transcribe(args) -> int:
    from erbsim.speech.transcription import make_transcriber

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(f"erbsim transcribe: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    transcriber = make_transcriber(args.engine, args.model) if args.engine == WHISPER else make_transcriber(args.engine)
    results = []
    for name in args.files:
        transcript = transcriber.transcribe(name)
        if args.json:
            results.append({"file": name, **transcript.to_dict()})
        elif len(args.files) > 1:
            print(f"{name}: {transcript.text}")
        else:
            print(transcript.text)
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=2, ensure_ascii=False))
    return 0


def _say(args) -> int:
    import shutil

    from erbsim.core.seats import seat_by_number
    from erbsim.speech.synthesis import SpeechSynthesizer, SpeechUnavailable
    from erbsim.speech.voices import voice_for_seat

    seat = seat_by_number(args.seat)
    with SpeechSynthesizer() as tts:
        if not tts.available(15):
            print(f"erbsim say: {tts.unavailable_reason or 'the text-to-speech engine did not start'}",
                  file=sys.stderr)
            return 1
        voice = voice_for_seat(seat.id)
        try:
            path = tts.render(args.text, voice).result(120)
        except (SpeechUnavailable, RuntimeError, ValueError) as error:
            print(f"erbsim say: {error}", file=sys.stderr)
            return 1
        fallback = tts.fallback_reason
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, out)
    if fallback:  # rendered, but by the espeak-ng stand-in
        print(f"erbsim say: {fallback}", file=sys.stderr)
    print(f"{out} ({seat.name}, {seat.title}; voice {'espeak-ng stand-in' if fallback else voice.voice})")
    return 0
