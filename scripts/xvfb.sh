# Sourced by the scripts and tests that run the desktop app under Xvfb.
# start_xvfb: starts Xvfb (1280x800x24) on a display number it picks itself (-displayfd: two
# scripts starting at once never race for the same number), waits until it accepts
# connections, exports DISPLAY and sets $xvfb to its pid (the caller kills it on exit).
start_xvfb() {
  local ready n
  ready=$(mktemp)
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$ready" >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 100); do [ -s "$ready" ] && break; sleep 0.05; done
  n=$(tr -dc 0-9 <"$ready")
  rm -f "$ready"
  [ -n "$n" ] || { echo "Xvfb did not start" >&2; return 1; }
  export DISPLAY=:$n
}
