"""Device lookup through the real sound server (tests/audio_server.py)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def test_virtual_mic_is_listed(qapp):
    from erbsim.ui.audio.devices import list_input_devices

    devices = list_input_devices()
    assert any(d.id == "vmic" and d.is_default for d in devices)
