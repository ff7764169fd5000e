#!/usr/bin/env bash
# A newcomer's first run: with DATABASE_URL unset, `npm start` serves /api/health 200
# within 60 s on the embedded PostgreSQL, keeps its data across a restart, and SIGTERM
# leaves no process behind.
set -euo pipefail
unset DATABASE_URL TEST_DATABASE_URL
export DATA_DIR="$PWD/.data-smoke" PORT="${SMOKE_PORT:-3999}" LOG_LEVEL=warn
rm -rf "$DATA_DIR"

wait_healthy() {
  for _ in $(seq 1 60); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/health")" = 200 ]; then return 0; fi
    sleep 1
  done
  echo "health did not answer 200 within 60 s"; return 1
}

stop_and_check() {
  kill -TERM "$1"
  for _ in $(seq 1 20); do kill -0 "$1" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$1" 2>/dev/null; then echo "server still running 10 s after SIGTERM"; return 1; fi
  sleep 0.5
  if pgrep -f "$DATA_DIR/postgres" >/dev/null; then echo "a postgres process was left behind:"; pgrep -af "$DATA_DIR/postgres"; return 1; fi
  echo "stopped; no postgres process left"
}

log=$(mktemp)
npm start >"$log" 2>&1 & pid=$!
wait_healthy
curl -s "http://127.0.0.1:$PORT/api/health"; echo
grep -A4 "Demo accounts created" "$log" || { echo "no demo accounts were printed"; cat "$log"; exit 1; }
admin_password=$(awk '$1 == "admin" { print $3 }' "$log")
curl -sf -o /dev/null "http://127.0.0.1:$PORT/" || { echo "the SPA is not served at /"; exit 1; }
stop_and_check "$pid"

# A restart keeps the data: the admin printed by the first run still signs in.
node dist/src/main.js >"$log" 2>&1 & pid=$!
wait_healthy
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@orderly.test\",\"password\":\"$admin_password\"}" "http://127.0.0.1:$PORT/api/auth/email-login")
[ "$code" = 200 ] || { echo "the demo admin could not sign in after a restart ($code)"; exit 1; }
! grep -q "Demo accounts created" "$log" || { echo "demo accounts were created twice"; exit 1; }
echo "data survived the restart (demo admin signs in)"
stop_and_check "$pid"
rm -f "$log"
rm -rf "$DATA_DIR"
echo "smoke passed"
