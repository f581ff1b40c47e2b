#!/usr/bin/env bash
# Set up erbsim on Debian/Ubuntu and launch it (`app`) or run every test (`test`).
# Creates and reuses .venv in the checkout. As root it installs the Debian
# packages it needs; otherwise it prints the exact apt-get line and stops.
set -euo pipefail

mode=${1:-}
case "$mode" in
  app|test) shift ;;
  *) echo "usage: bash packaging/setup.sh app|test [arguments for erbsim or pytest]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# Speech synthesis, audio, and what Qt's X11 plugin and QtMultimedia link against
# (found with ldd on the PySide6 libraries; most come with any desktop).
packages=(espeak-ng alsa-utils libsndfile1 libpulse0 libegl1 libgl1 libgbm1 libfontconfig1 libfreetype6
          libdbus-1-3 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0 libxrandr2 libxcb-cursor0 libxcb-icccm4
          libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
          libxcb-sync1 libxcb-xfixes0 libxcb-xkb1)
# Tests add a sound server with a virtual microphone, a virtual screen, screenshots,
# strace (the no-network test watches every connect() of a scripted defense), and the
# validators of the menu entry and the AppStream metadata (desktop-file-validate, appstreamcli).
[ "$mode" = test ] && packages+=(pulseaudio pulseaudio-utils xvfb imagemagick strace desktop-file-utils appstream)
python3 -c "import ensurepip, venv" 2>/dev/null || packages+=(python3-venv)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "erbsim: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "erbsim needs these Debian packages. Install them, then run this command again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
extras=""; [ "$mode" = test ] && extras="[test]"
# Reinstall only when the project's requirements change.
stamp="$venv/.erbsim-installed"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "erbsim: installing Python packages into .venv (first run takes a few minutes)" >&2
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e ".$extras"
  echo "$wanted" > "$stamp"
fi

if [ "$mode" = app ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "erbsim: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run this from a desktop session" >&2
    exit 1
  fi
  exec "$venv/bin/erbsim" "$@"
fi

# The layer contracts in pyproject.toml (no Qt in erbsim.core or erbsim.speech,
# nothing below reaching up into the UI) are checked first, on every test run,
# however few tests the arguments select; a broken contract fails the run.
if ! "$venv/bin/lint-imports"; then
  echo "erbsim: an import contract in pyproject.toml is broken (see above); tests not run" >&2
  exit 1
fi
# Lint (ruff: errors, import order, likely bugs) and types (mypy on the Qt-free
# layers), configured in pyproject.toml; either failing fails the run.
if ! "$venv/bin/ruff" check --quiet erbsim tests; then
  echo "erbsim: ruff found problems (see above); tests not run" >&2
  exit 1
fi
if ! "$venv/bin/mypy"; then
  echo "erbsim: mypy found type errors (see above); tests not run" >&2
  exit 1
fi

export QT_QPA_PLATFORM=offscreen
exec "$venv/bin/python" -m pytest "$@"
