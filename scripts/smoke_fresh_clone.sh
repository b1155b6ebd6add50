#!/usr/bin/env bash
# The README's first command on a fresh clone with nothing beside it: clone this repository's
# HEAD into an empty temporary folder, run `make run` there (install, migrate, demo, server),
# then fetch the log-in page, log in as the demo clerk and fetch the home page.
# Prints how long `make run` took to serve its first page. Used by .ci/run before the suite.
set -euo pipefail
exec </dev/null

repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${SMOKE_PORT:-8766}"
base="http://127.0.0.1:${port}"
password="demo-Zhifu-2026"

scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    # make run starts the server (and anything beside it) in its own process group.
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    sleep 1
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
# CI runs this in the background and stops it with TERM when the suite fails first: the server goes too.
trap 'exit 143' INT TERM

git clone --quiet --no-local "$repo" "$scratch/ipcounty"
cd "$scratch/ipcounty"
# Nothing beside the clone: the folder holds the clone alone.
[ "$(ls -A "$scratch")" = "ipcounty" ]

echo "== smoke: make run in a fresh clone at $scratch/ipcounty (port $port)"
started=$(date +%s)
# The demo as a newcomer starts it: SQLite, no DATABASE_URL, nothing from the caller's environment
# that points elsewhere.
env -u DATABASE_URL -u REFDATA_SOURCE -u DJANGO_DEBUG setsid make run HOST="127.0.0.1:${port}" >"$scratch/run.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 900); do
  if curl -fsS -o /dev/null "$base/accounts/login/" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "make run stopped before serving a page:" >&2
    tail -40 "$scratch/run.log" >&2
    exit 1
  fi
  sleep 1
done
elapsed=$(( $(date +%s) - started ))
login_page="$(curl -fsS -c "$scratch/jar" "$base/accounts/login/")" || { tail -40 "$scratch/run.log" >&2; exit 1; }
echo "$login_page" | grep -q 'name="csrfmiddlewaretoken"'
echo "== smoke: the log-in page answered ${elapsed} s after make run started"

token="$(grep csrftoken "$scratch/jar" | awk '{print $7}')"
curl -fsS -b "$scratch/jar" -c "$scratch/jar" -o /dev/null \
  -H "Referer: $base/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=clerk" \
  --data-urlencode "password=$password" "$base/accounts/login/"
home="$(curl -fsS -b "$scratch/jar" "$base/")"
# The clerk's home page names the demo district; a log-in page here would mean the log-in failed.
if ! echo "$home" | grep -q "芝罘区"; then
  echo "the clerk's home page did not show the demo district after logging in" >&2
  exit 1
fi
if echo "$home" | grep -q 'name="password"'; then
  echo "logging in as the demo clerk did not work" >&2
  exit 1
fi
echo "== smoke: logged in as the demo clerk and fetched the home page: the fresh clone works"
