"""Audio devices from QtMultimedia, and a check that a device is still there.

Devices are handed out as `erbsim.speech.devices.AudioDevice`; the lookups
here turn an id back into the QAudioDevice that Qt records from or plays to.
Presence asks the sound server first (`pulse_sources`), because Qt's list
can keep a removed source.
"""

from __future__ import annotations

from PySide6.QtMultimedia import QAudioDevice, QMediaDevices

from erbsim.speech.devices import AudioDevice, pulse_sources


def _device_id(qdevice) -> str:
    return bytes(qdevice.id().data()).decode("utf-8", "replace")


def list_input_devices() -> list[AudioDevice]:
    default = QMediaDevices.defaultAudioInput()
    default_id = "" if default.isNull() else _device_id(default)
    return [AudioDevice(_device_id(d), d.description(), _device_id(d) == default_id)
            for d in QMediaDevices.audioInputs()]


def list_output_devices() -> list[AudioDevice]:
    default = QMediaDevices.defaultAudioOutput()
    default_id = "" if default.isNull() else _device_id(default)
    return [AudioDevice(_device_id(d), d.description(), _device_id(d) == default_id)
            for d in QMediaDevices.audioOutputs()]


def find_input(device=None):
    """The QAudioDevice for an id / AudioDevice / QAudioDevice, or the default input; None if absent."""
    return _find(device, QMediaDevices.defaultAudioInput, QMediaDevices.audioInputs)


def find_output(device=None):
    """The same for outputs: the default output when device is None."""
    return _find(device, QMediaDevices.defaultAudioOutput, QMediaDevices.audioOutputs)


def _find(device, default, devices):
    if isinstance(device, QAudioDevice):
        return None if device.isNull() else device
    if device is None:
        chosen = default()
        return None if chosen.isNull() else chosen
    wanted = device.id if isinstance(device, AudioDevice) else str(device)
    return next((d for d in devices() if _device_id(d) == wanted), None)


def input_present(device_id: str) -> bool:
    sources = pulse_sources()
    if sources is not None:
        return device_id in sources
    return any(d.id == device_id for d in list_input_devices())
