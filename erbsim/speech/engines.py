"""The transcription engines a person can choose (Settings, `erbsim transcribe --engine`).

Kept apart from transcription.py, which imports numpy, so that the command
line can offer the choice without loading the speech layer.
"""

from __future__ import annotations

WHISPER = "whisper"  # faster-whisper, the default
SPHINX = "sphinx"  # pocketsphinx through SpeechRecognition, the offline alternate
ENGINES = (WHISPER, SPHINX)
