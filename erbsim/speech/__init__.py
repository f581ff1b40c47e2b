"""erbsim.speech: board voices, recordings and offline transcription (no Qt).

onnxruntime (under piper-tts, and faster-whisper's VAD) sends usage telemetry
to Microsoft from its Linux and macOS builds since 1.29 unless told not to when
it starts: erbsim promises that nothing leaves the machine, so the opt-out is
set here, before any speech module can import it (1.32 reads
ORT_DISABLE_TELEMETRY; later releases ORT_TELEMETRY_DISABLED).
"""

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ORT_TELEMETRY_DISABLED", "1")
