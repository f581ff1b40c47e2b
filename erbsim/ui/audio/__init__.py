"""The app's Qt adapters for sound: microphone capture (`capture`), playback
(`playback`) and device lookup (`devices`), all on QtMultimedia.

What does not need Qt (recording files, levels, the silence verdict, device
records) is in `erbsim.speech`, which never imports Qt.
"""
