#!/usr/bin/env bash
# Build the Linux desktop bundle and check it:
#   bash packaging/build.sh
# 1. the wheel (dist/erbsim-<version>-py3-none-any.whl), installed into a clean venv
#    (build/bundle-venv) that must find its banks, assets and models;
# 2. the PyInstaller one-folder bundle from that venv (packaging/erbsim.spec);
# 3. dist/erbsim-<version>-linux-x86_64.tar.gz: the bundle, install.sh/uninstall.sh
#    (for the user's own menu, no root), the desktop file, metainfo and icons;
# 4. the tarball unpacked and installed into a throwaway home, then smoke-run headless
#    there: a board voice rendered, `selftest --json` on a private sound server's
#    virtual microphone (speech played in, transcribed), and the launch timed.
# Prints the tarball's size, the build time and the figures; exits non-zero on any failure.
# Not part of the test command: it takes several minutes (README: "Building the desktop bundle").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
started=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - started )) s)" >&2; }
fail() { echo "build.sh: FAILED: $*" >&2; exit 1; }

# Debian packages: espeak-ng (the bundled fallback voice library), binutils (PyInstaller reads
# the libraries' dependencies), the sound server for the smoke run, and the desktop validators.
packages=(espeak-ng binutils pulseaudio pulseaudio-utils desktop-file-utils appstream)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "build.sh needs: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
# The development venv (for building the wheel and timing the launch): the test set-up makes it.
if [ ! -x .venv/bin/erbsim ] || ! .venv/bin/python -c "import pytest" 2>/dev/null; then
  bash packaging/setup.sh test --co -q >/dev/null
fi

version=$(.venv/bin/python -c "import erbsim; print(erbsim.__version__)")
name="erbsim-$version-linux-x86_64"
mkdir -p dist build
work=$(mktemp -d "${TMPDIR:-/tmp}/erbsim-build.XXXXXX")
cleanup() {
  if [ -f "$work/run/pulse/pid" ]; then kill "$(cat "$work/run/pulse/pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "wheel"
rm -f dist/erbsim-*.whl
.venv/bin/python -m pip wheel -q --no-deps -w dist . 2>"$work/wheel.log" || { cat "$work/wheel.log" >&2; fail "wheel"; }
wheel=$(ls dist/erbsim-"$version"-*.whl)

step "clean venv with the wheel (build/bundle-venv)"
venv=build/bundle-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip 2>/dev/null
"$venv/bin/python" -m pip install -q "$wheel[build]" 2>"$work/pip.log" || { cat "$work/pip.log" >&2; fail "pip install"; }
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps "$wheel" 2>>"$work/pip.log"
# The wheel alone (no checkout) must find its banks, assets, lens model and the speech model.
(cd "$work" && ERBSIM_HOME="$work/wheel-home" "$root/$venv/bin/python" - <<'PY') || fail "the installed wheel misses its data"
import json, subprocess, sys
from pathlib import Path
import erbsim
assert "site-packages" in erbsim.__file__, erbsim.__file__
from erbsim.assets import asset_path, icon_pngs
from erbsim.core.lens.learned import MODEL_PATH
from erbsim.speech.transcription import bundled_model_path
assert Path(asset_path("erbsim.svg")).is_file() and len(icon_pngs()) >= 8 and MODEL_PATH.is_file()
assert (bundled_model_path() / "model.bin").is_file(), bundled_model_path()
stats = json.loads(subprocess.run([str(Path(sys.executable).with_name("erbsim")), "banks", "stats", "--json"],
                                  check=True, capture_output=True, text=True).stdout)
print("wheel: erbsim banks stats ->", json.dumps(stats)[:120], file=sys.stderr)
PY

step "PyInstaller bundle"
"$venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath build/pyinstaller/dist \
  --workpath build/pyinstaller/work packaging/erbsim.spec 2>"$work/pyinstaller.log" \
  || { tail -40 "$work/pyinstaller.log" >&2; fail "pyinstaller"; }
bundle_size=$(du -sm build/pyinstaller/dist/erbsim | cut -f1)

step "tarball"
bash packaging/linux/stage.sh build/pyinstaller/dist/erbsim "build/stage/$name" "$version"
rm -f "dist/$name.tar.gz"
tar -C build/stage -czf "dist/$name.tar.gz" "$name"
tar_bytes=$(stat -c %s "dist/$name.tar.gz")
limit=$((500 * 1000 * 1000))
[ "$tar_bytes" -lt "$limit" ] || fail "dist/$name.tar.gz is $tar_bytes bytes, over the 500 MB limit"

step "install from the tarball into a throwaway home"
mkdir -p "$work/unpack" "$work/home"
tar -C "$work/unpack" -xzf "dist/$name.tar.gz"
HOME="$work/home" ERBSIM_PREFIX="$work/home/.local" XDG_DATA_HOME="" PATH="$work/home/.local/bin:$PATH" \
  bash "$work/unpack/$name/install.sh" >"$work/install.log" || { cat "$work/install.log" >&2; fail "install.sh"; }
program="$work/home/.local/lib/erbsim/erbsim"
desktop="$work/home/.local/share/applications/io.github.erbsim.Erbsim.desktop"
[ -x "$work/home/.local/bin/erbsim" ] || fail "install.sh made no ~/.local/bin/erbsim"
desktop-file-validate "$desktop" || fail "the installed desktop file does not validate"
appstreamcli validate --no-net "$work/home/.local/share/metainfo/io.github.erbsim.Erbsim.metainfo.xml" >/dev/null \
  || fail "the installed metainfo does not validate"

step "smoke run (headless, virtual microphone)"
export XDG_CONFIG_HOME="$work/cfg" ERBSIM_HOME="$work/data" QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_CONFIG_HOME"
source "$root/packaging/virtual_audio.sh"
start_virtual_audio "$work" || fail "no sound server for the smoke run"

help=$("$program" --help) || fail "erbsim --help"
if grep -q -- "--version" <<<"$help"; then "$program" --version || fail "erbsim --version"; fi
"$program" banks stats --json >"$work/banks.json" || fail "erbsim banks stats"
# The candidate's answer, spoken by the bundle's own board voice, is played into the microphone.
said=$("$program" say "Who asked me to do this? Nobody did. I saw the risk a year ahead and two other business units adopted it." \
  --seat 1 --out "$work/answer.wav") || fail "erbsim say"
echo "$said"
# The natural voice (piper and its voice package inside the bundle) must speak, not the espeak-ng stand-in.
grep -q "voice piper:" <<<"$said" || fail "the bundle's board voice is not the natural voice: $said"
smoke_started=$(date +%s.%N)
"$program" selftest --json --answer-audio "$work/answer.wav" >"$work/selftest.json" 2>"$work/selftest.log" \
  || { tail -30 "$work/selftest.log" >&2; cat "$work/selftest.json" >&2; fail "erbsim selftest"; }
smoke_s=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" "$smoke_started" "$(date +%s.%N)")
python3 - "$work/selftest.json" "$work/banks.json" "$work/answer.wav" <<'PY' || fail "selftest results"
import json, os, sys
report = json.load(open(sys.argv[1]))
banks = json.load(open(sys.argv[2]))
problems = []
if report["questions_spoken"] < 1: problems.append("no question was spoken")
if report["answers_recorded"] < 1: problems.append("no answer was recorded")
if report["transcript_words"] < 3: problems.append("the answer played into the microphone was not transcribed")
if not report.get("speech_model"): problems.append("no speech model")
if os.path.getsize(sys.argv[3]) < 10_000: problems.append("the board voice rendered no audio")
if not banks: problems.append("no question banks")
print("smoke:", json.dumps({k: report[k] for k in ("questions_asked", "questions_spoken", "answers_recorded",
      "transcript_words", "speech_model", "longest_gui_stall_ms", "model_ready_ms")}), file=sys.stderr)
if problems:
    sys.exit("; ".join(problems))
PY

step "startup of the installed bundle"
no_welcome=(); grep -q -- "--no-welcome" <<<"$help" && no_welcome=(--no-welcome)
if .venv/bin/erbsim bench startup --help 2>/dev/null | grep -q -- "--executable"; then
  .venv/bin/erbsim bench startup --runs 5 --json --executable "$program" >"$work/startup.json" \
    || fail "erbsim bench startup --executable"
else
  # TODO(lead): `erbsim bench startup --executable` (startup helper) was not merged when this was
  # written; until then the same protocol by hand: ERBSIM_EXIT_WHEN_READY makes the app print
  # "erbsim-ready <seconds since the process started>" once home has painted, then quit.
  times=()
  for _ in 1 2 3 4 5; do
    home=$(mktemp -d "$work/startup.XXXX")
    line=$(ERBSIM_HOME="$home" XDG_CONFIG_HOME="$home" ERBSIM_EXIT_WHEN_READY=1 \
           timeout 120 "$program" "${no_welcome[@]}" 2>/dev/null | grep '^erbsim-ready ' || true)
    [ -n "$line" ] || fail "the bundle never reported its home window ready"
    times+=("${line#erbsim-ready }")
  done
  python3 -c "import json, statistics, sys; t = [float(x) for x in sys.argv[1:]]; print(json.dumps({
    'runs': len(t), 'launch_to_home_s_median': round(statistics.median(t), 3),
    'launch_to_home_s_max': round(max(t), 3), 'all_s': t, 'measured_by': 'build.sh'}))" "${times[@]}" >"$work/startup.json"
fi
startup_median=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['launch_to_home_s_median'])" "$work/startup.json")

total=$(( $(date +%s) - started ))
echo
echo "dist/$name.tar.gz: $(python3 -c "print(round($tar_bytes / 1e6, 1))") MB (limit 500 MB); bundle folder ${bundle_size} MB"
echo "wheel: $wheel"
echo "smoke run: selftest passed in ${smoke_s} s ($(python3 -c "import json; r = json.load(open('$work/selftest.json')); print(f\"{r['questions_spoken']} questions spoken, {r['answers_recorded']} answers recorded, {r['transcript_words']} words transcribed\")"))"
echo "startup of the installed bundle: median ${startup_median} s to an interactive home window (5 runs)"
echo "build time: $((total / 60)) min $((total % 60)) s"
