"""Audio devices as plain data, and a check that a device is still there.

Qt's device list is not always refreshed when a PulseAudio/PipeWire source
disappears (PySide6 6.12: the removed source stays listed, and the server
quietly moves the recording stream to another microphone). So on Linux,
when `pactl` is available, presence is also checked with the sound server.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class AudioDevice:
    id: str
    description: str
    is_default: bool = False


def _device_id(qdevice) -> str:
    return bytes(qdevice.id().data()).decode("utf-8", "replace")


def list_input_devices() -> list[AudioDevice]:
    from PySide6.QtMultimedia import QMediaDevices

    default = QMediaDevices.defaultAudioInput()
    default_id = "" if default.isNull() else _device_id(default)
    return [AudioDevice(_device_id(d), d.description(), _device_id(d) == default_id)
            for d in QMediaDevices.audioInputs()]


def list_output_devices() -> list[AudioDevice]:
    from PySide6.QtMultimedia import QMediaDevices

    default = QMediaDevices.defaultAudioOutput()
    default_id = "" if default.isNull() else _device_id(default)
    return [AudioDevice(_device_id(d), d.description(), _device_id(d) == default_id)
            for d in QMediaDevices.audioOutputs()]


def find_input(device=None):
    """The QAudioDevice for an id / AudioDevice / QAudioDevice, or the default input; None if absent."""
    from PySide6.QtMultimedia import QMediaDevices

    return _find(device, QMediaDevices.defaultAudioInput, QMediaDevices.audioInputs)


def find_output(device=None):
    """The same for outputs: the default output when device is None."""
    from PySide6.QtMultimedia import QMediaDevices

    return _find(device, QMediaDevices.defaultAudioOutput, QMediaDevices.audioOutputs)


def _find(device, default, devices):
    from PySide6.QtMultimedia import QAudioDevice

    if isinstance(device, QAudioDevice):
        return None if device.isNull() else device
    if device is None:
        chosen = default()
        return None if chosen.isNull() else chosen
    wanted = device.id if isinstance(device, AudioDevice) else str(device)
    return next((d for d in devices() if _device_id(d) == wanted), None)


def pulse_sources() -> set[str] | None:
    """Source names known to the PulseAudio/PipeWire server, or None where that cannot be asked."""
    if not sys.platform.startswith("linux") or shutil.which("pactl") is None:
        return None
    try:
        result = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True,
                                text=True, timeout=2)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return {line.split("\t")[1] for line in result.stdout.splitlines() if line.count("\t") >= 1}


def input_present(device_id: str) -> bool:
    sources = pulse_sources()
    if sources is not None:
        return device_id in sources
    return any(d.id == device_id for d in list_input_devices())
