#!/usr/bin/env bash
# Render the app's views into docs/screenshots/ on a virtual screen, with a
# private sound server and a virtual microphone. Needs the test set-up first:
#   bash packaging/setup.sh test --co -q   (installs everything)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(cat "$work/xvfb.pid") 2>/dev/null || true; [ -f "$work/run/pulse/pid" ] && kill "$(cat "$work/run/pulse/pid")" 2>/dev/null || true' EXIT
export XDG_CONFIG_HOME="$work/cfg" ERBSIM_HOME="$work/home"
mkdir -p "$XDG_CONFIG_HOME"
source "$root/packaging/virtual_audio.sh"
start_virtual_audio "$work"
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x820x24 >/dev/null 2>&1 & echo $! > "$work/xvfb.pid"
sleep 1
# The answer spoken into the microphone: a real recording from the shared speech
# set beside the checkout (or $ERBSIM_SHARED_DIR); `--answer-audio FILE` overrides it.
shared=${ERBSIM_SHARED_DIR:-$root/../shared}
DISPLAY=$display "$root/.venv/bin/python" -m erbsim.devtools.screenshots "$root/docs/screenshots" \
  --answer-audio "$shared/speech/dev/audio/mfa_acoustic_corpus.wav" \
  --packet "$root/docs/examples/packet-example.md" "$@"
