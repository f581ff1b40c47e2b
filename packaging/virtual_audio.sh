# Sourced by build.sh and screenshots.sh: a private PulseAudio server with a virtual
# microphone (vmic: what is played into vmic_in is heard by the app) and a virtual
# speaker (vspeaker), as ../shared/speech/virtual-audio.md describes. Its socket and
# pid file live under $1/run (XDG_RUNTIME_DIR); the caller's EXIT trap kills it.
start_virtual_audio() {
  local work=$1
  export XDG_RUNTIME_DIR="$work/run"
  mkdir -p "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  pulseaudio -n --daemonize=yes --exit-idle-time=-1 --disallow-exit=yes --use-pid-file=yes \
    --log-target=file:"$work/pulse.log" \
    -L "module-native-protocol-unix auth-anonymous=1" \
    -L "module-null-source source_name=mic_clock rate=16000 channels=1 max_latency_msec=20" \
    -L "module-virtual-source source_name=vmic master=mic_clock uplink_sink=vmic_in" \
    -L "module-null-source source_name=spk_clock rate=48000 channels=2 max_latency_msec=20" \
    -L "module-virtual-source source_name=vspeaker_loop master=spk_clock uplink_sink=vspeaker" || return 1
  for _ in $(seq 100); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
  pactl set-default-source vmic && pactl set-default-sink vspeaker
}
