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

npm start & pid=$!
wait_healthy
curl -s "http://127.0.0.1:$PORT/api/health"; echo
stop_and_check "$pid"

# The schema the first run migrated is still there: data survives a restart.
status=$(npm run -s db:status); echo "$status"
grep -q "executed.*create-users" <<<"$status" || { echo "data did not survive"; exit 1; }
node dist/src/main.js & pid=$!
wait_healthy
stop_and_check "$pid"
rm -rf "$DATA_DIR"
echo "smoke passed"
