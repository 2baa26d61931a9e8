#!/usr/bin/env bash
# A live class across replicas: Debian's redis-server beside deploy/run_replicas.sh.
#
#   deploy/run_redis.sh [run_replicas.sh options]      e.g. deploy/run_redis.sh -n 3
#
# Students of one class land on different replicas, so the class (w2v_core/classroom) must
# live where every replica reads it: this starts redis-server on 127.0.0.1 (a free port, or
# $REDIS_PORT) with a random password, nothing written to disk, then runs run_replicas.sh
# with W2V_CLASS_STORE=redis://:PASSWORD@127.0.0.1:PORT/0 in its environment, which each
# replica inherits. Ctrl-C (or SIGTERM) stops run_replicas.sh (it stops its replicas and
# nginx), then redis, and removes redis's directory. Prints "redis: pid N, port P" first.
# Needs redis-server (Debian: apt-get install redis-server) and what run_replicas.sh needs.
set -euo pipefail
command -v redis-server >/dev/null ||
  { echo "error: redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
PORT=${REDIS_PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
PASSWORD=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(24))')
DIR=$(mktemp -d "${TMPDIR:-/tmp}/w2v-redis.XXXXXX")
REDIS= CHILD=

cleanup() {
  trap - INT TERM EXIT
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  if [ -n "$REDIS" ]; then kill "$REDIS" 2>/dev/null || true; wait "$REDIS" 2>/dev/null || true; fi
  rm -rf "$DIR"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# The configuration goes in on stdin: the password never shows in the process list.
printf 'port %s\nbind 127.0.0.1\nprotected-mode yes\nsave ""\nappendonly no\ndir %s\nrequirepass %s\nloglevel warning\n' \
  "$PORT" "$DIR" "$PASSWORD" | redis-server - >"$DIR/redis.log" 2>&1 &
REDIS=$!
export W2V_CLASS_STORE="redis://:$PASSWORD@127.0.0.1:$PORT/0"
for ((try = 0; ; try++)); do
  "$PYTHON" -c 'import os, redis; redis.Redis.from_url(os.environ["W2V_CLASS_STORE"]).ping()' 2>/dev/null && break
  if ! kill -0 "$REDIS" 2>/dev/null || ((try > 80)); then
    echo "error: redis-server did not start; its log:" >&2; cat "$DIR/redis.log" >&2; exit 1
  fi
  sleep 0.25
done
echo "redis: pid $REDIS, port $PORT (the class store of every replica)"
bash "$ROOT/deploy/run_replicas.sh" "$@" &
CHILD=$!
set +e
wait "$CHILD"
status=$?
CHILD=
exit "$status"
