#!/usr/bin/env bash
# Serve the app from K Streamlit replicas behind nginx, with sticky routing: one command.
#
#   deploy/run_replicas.sh [-n REPLICAS] [-a ADDRESS] [-p PORT] [-b FIRST_REPLICA_PORT]
#
# Starts K `streamlit run app.py` processes on 127.0.0.1 (ports FIRST.., or free ports with
# -b 0), waits until each answers /_stcore/health, writes an nginx config from
# deploy/nginx.conf.template into a fresh temporary directory and runs nginx in the
# foreground on ADDRESS:PORT. Ctrl-C (or SIGTERM, or any of them exiting) stops them all and
# removes the directory. Defaults: 2 replicas, 0.0.0.0:8500 (the whole LAN: a class),
# replicas on 8601... Prints one line per process, then "ready: <URL>".
# Needs nginx (Debian: apt-get install nginx-light) and the app's Python requirements.
set -euo pipefail

REPLICAS=2 ADDRESS=0.0.0.0 PORT=8500 FIRST=8601
while getopts "n:a:p:b:h" opt; do
  case "$opt" in
    n) REPLICAS=$OPTARG ;;
    a) ADDRESS=$OPTARG ;;
    p) PORT=$OPTARG ;;
    b) FIRST=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || { echo "error: -n wants a positive number" >&2; exit 2; }
command -v nginx >/dev/null || { echo "error: nginx is not installed (Debian: apt-get install nginx-light)" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/w2v-replicas.XXXXXX")
chmod 711 "$RUN_DIR"          # nginx's workers (user nobody under root) reach their tmp/ in it
mkdir "$RUN_DIR/tmp"
PIDS=()

cleanup() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN_DIR"
  echo "stopped; removed $RUN_DIR"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
healthy() { "$PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; }

# One cookie secret for all replicas: Streamlit's XSRF cookie then validates on any of them.
SECRET=${W2V_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}
PORTS=()
for ((i = 0; i < REPLICAS; i++)); do
  if [ "$FIRST" = 0 ]; then port=$(free_port); else port=$((FIRST + i)); fi
  PORTS+=("$port")
  (cd "$ROOT" && STREAMLIT_SERVER_COOKIE_SECRET=$SECRET exec "$PYTHON" -m streamlit run app.py \
      --server.address 127.0.0.1 --server.port "$port" --server.headless true \
      --browser.gatherUsageStats false) >"$RUN_DIR/r$i.log" 2>&1 &
  PIDS+=($!)
  echo "replica r$i: pid $!, http://127.0.0.1:$port (log $RUN_DIR/r$i.log)"
done
for ((i = 0; i < REPLICAS; i++)); do
  for ((try = 0; ; try++)); do
    healthy "http://127.0.0.1:${PORTS[i]}/_stcore/health" && break
    if ! kill -0 "${PIDS[i]}" 2>/dev/null || ((try > 240)); then
      echo "error: replica r$i did not start; its log:" >&2; cat "$RUN_DIR/r$i.log" >&2; exit 1
    fi
    sleep 0.25
  done
done

{
  echo "upstream w2v_any {"
  echo "    zone w2v_any 64k;"
  for port in "${PORTS[@]}"; do echo "    server 127.0.0.1:$port;"; done
  echo "}"
  for ((i = 0; i < REPLICAS; i++)); do echo "upstream w2v_r$i { server 127.0.0.1:${PORTS[i]}; }"; done
  echo 'map $cookie_w2v_replica $w2v_pinned {'
  echo '    default "";'
  for ((i = 0; i < REPLICAS; i++)); do echo "    r$i w2v_r$i;"; done
  echo "}"
  echo 'map $upstream_addr $w2v_served_by {      # the last address tried: the one that answered'
  echo '    default "";'
  for ((i = 0; i < REPLICAS; i++)); do echo "    \"~(^|\\s)127\\.0\\.0\\.1:${PORTS[i]}\$\" r$i;"; done
  echo "}"
} >"$RUN_DIR/replicas.conf"
sed "s|@LISTEN@|$ADDRESS:$PORT|" "$ROOT/deploy/nginx.conf.template" >"$RUN_DIR/nginx.conf"

nginx -t -q -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
nginx -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
PIDS+=($!)
echo "nginx: pid $!, config $RUN_DIR/nginx.conf"
HOST=$ADDRESS; [ "$HOST" = 0.0.0.0 ] && HOST=127.0.0.1
for ((try = 0; ; try++)); do
  healthy "http://$HOST:$PORT/_stcore/health" && break
  kill -0 "${PIDS[-1]}" 2>/dev/null && ((try < 40)) || { echo "error: nginx did not start" >&2; exit 1; }
  sleep 0.25
done
echo "ready: http://$HOST:$PORT/  ($REPLICAS replicas; Ctrl-C stops everything)"
set +e
wait -n "${PIDS[@]}"          # until Ctrl-C, or until one of them exits
echo "a process exited (status $?); stopping the others" >&2
