#!/usr/bin/env bash
# Serve the app from K Streamlit replicas behind nginx, with sticky routing: one command.
#
#   deploy/run_replicas.sh [-n REPLICAS] [-a ADDRESS] [-p PORT] [-b FIRST_REPLICA_PORT] [-m MB]
#
# Starts K `streamlit run app.py` processes on 127.0.0.1 (ports FIRST.., or free ports with
# -b 0), waits until each answers /_stcore/health, writes an nginx config from
# deploy/nginx.conf.template into a fresh temporary directory and runs nginx on ADDRESS:PORT.
# Then it supervises: a replica that exits, or whose memory (RSS) passes MB, is restarted on
# the same port with the same cookie secret while nginx and the other replicas keep serving.
# Ctrl-C (or SIGTERM, or nginx exiting) stops them all and removes the directory.
# Defaults: 2 replicas, 0.0.0.0:8500 (the whole LAN: a class), replicas on 8601..., 4096 MB
# per replica (-m 0: no ceiling). Prints one line per process, then "ready: <URL>".
# Needs nginx (Debian: apt-get install nginx-light) and the app's Python requirements.
set -euo pipefail

REPLICAS=2 ADDRESS=0.0.0.0 PORT=8500 FIRST=8601
# 4 replicas x 4 GiB leave a third of a 24 GiB machine to nginx and the rest; a replica
# holds about 170 MiB plus under 1 MiB per student, so only a runaway session gets near it.
CEILING_MB=4096
while getopts "n:a:p:b:m:h" opt; do
  case "$opt" in
    n) REPLICAS=$OPTARG ;;
    a) ADDRESS=$OPTARG ;;
    p) PORT=$OPTARG ;;
    b) FIRST=$OPTARG ;;
    m) CEILING_MB=$OPTARG ;;
    *) sed -n '2,15p' "$0"; exit 2 ;;
  esac
done
[[ "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || { echo "error: -n wants a positive number" >&2; exit 2; }
[[ "$CEILING_MB" =~ ^[0-9]+$ ]] && { [ "$CEILING_MB" = 0 ] || ((CEILING_MB >= 256)); } ||
  { echo "error: -m wants megabytes, at least 256 (a replica starts at about 170), or 0" >&2; exit 2; }
command -v nginx >/dev/null || { echo "error: nginx is not installed (Debian: apt-get install nginx-light)" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/w2v-replicas.XXXXXX")
chmod 711 "$RUN_DIR"          # nginx's workers (user nobody under root) reach their tmp/ in it
mkdir "$RUN_DIR/tmp"
RPIDS=() PORTS=() STARTED=() NGINX=() TICK=()

cleanup() {
  trap - INT TERM EXIT
  local pids=("${RPIDS[@]}" "${NGINX[@]}" "${TICK[@]}")
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
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

start_replica() {             # $1: index; its port and the secret stay the same across restarts
  local i=$1
  # oom_score_adj: should the machine run out of memory anyway, the kernel kills a replica
  # (the supervisor restarts it), not nginx or this script.
  (cd "$ROOT" && { echo 500 2>/dev/null >/proc/self/oom_score_adj || true; }
   STREAMLIT_SERVER_COOKIE_SECRET=$SECRET exec "$PYTHON" -m streamlit run app.py \
      --server.address 127.0.0.1 --server.port "${PORTS[i]}" --server.headless true \
      --browser.gatherUsageStats false) >>"$RUN_DIR/r$i.log" 2>&1 &
  RPIDS[i]=$!
  STARTED[i]=$SECONDS
}

for ((i = 0; i < REPLICAS; i++)); do
  if [ "$FIRST" = 0 ]; then PORTS[i]=$(free_port); else PORTS[i]=$((FIRST + i)); fi
  start_replica "$i"
  echo "replica r$i: pid ${RPIDS[i]}, http://127.0.0.1:${PORTS[i]} (log $RUN_DIR/r$i.log)"
done
for ((i = 0; i < REPLICAS; i++)); do
  for ((try = 0; ; try++)); do
    healthy "http://127.0.0.1:${PORTS[i]}/_stcore/health" && break
    if ! kill -0 "${RPIDS[i]}" 2>/dev/null || ((try > 240)); then
      echo "error: replica r$i did not start; its log:" >&2; cat "$RUN_DIR/r$i.log" >&2; exit 1
    fi
    sleep 0.25
  done
done

{
  echo "upstream w2v_any {"
  echo "    zone w2v_any 64k;"
  # A replica that refused a connection is skipped for 3 s, about the time a restart takes.
  for port in "${PORTS[@]}"; do echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=3s;"; done
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
# The frontend's files, which nginx serves itself (nginx.conf.template): Streamlit's /static/
# from its package and the app's /app/static/ (plotly.js, written by ui/kept_chart.py), copied
# where nginx's workers can read them (as user nobody under root they cannot enter /root).
FILES="$RUN_DIR/files"
mkdir -m 755 "$FILES"
(cd "$ROOT" && "$PYTHON" -c 'from ui import kept_chart; kept_chart.write_plotly_js()')
cp -r "$("$PYTHON" -c 'import os, streamlit; print(os.path.join(os.path.dirname(streamlit.__file__), "static", "static"))')" "$FILES/static"
mkdir -p "$ROOT/static" && cp -r "$ROOT/static" "$FILES/app"
chmod -R a+rX "$FILES"
sed -e "s|@LISTEN@|$ADDRESS:$PORT|" -e "s|@FILES@|$FILES|" \
    "$ROOT/deploy/nginx.conf.template" >"$RUN_DIR/nginx.conf"
cp "$ROOT/deploy/nginx.headers.conf" "$ROOT/deploy/nginx.files.conf" "$RUN_DIR/"

nginx -t -q -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
nginx -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
NGINX=($!)
echo "nginx: pid $NGINX, config $RUN_DIR/nginx.conf"
HOST=$ADDRESS; [ "$HOST" = 0.0.0.0 ] && HOST=127.0.0.1
for ((try = 0; ; try++)); do
  healthy "http://$HOST:$PORT/_stcore/health" && break
  kill -0 "$NGINX" 2>/dev/null && ((try < 40)) || { echo "error: nginx did not start" >&2; exit 1; }
  sleep 0.25
done
ceiling="a ceiling of $CEILING_MB MB each"; [ "$CEILING_MB" = 0 ] && ceiling="no memory ceiling"
echo "ready: http://$HOST:$PORT/  ($REPLICAS replicas, $ceiling; Ctrl-C stops everything)"

running() {                   # pid $1 exists and is not a zombie waiting to be reaped
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}
rss_mb() {                    # sets RSS to the VmRSS of pid $1 in MB (0 if it is gone)
  local key value rest
  RSS=0
  while read -r key value rest; do
    [ "$key" = VmRSS: ] && { RSS=$((value / 1024)); return; }
  done 2>/dev/null <"/proc/$1/status"
}

# Supervise, every 0.5 s or at once when one of them exits (`wait -n` wakes on the first
# exit; bash may reap a child before `wait` sees it, so the check is on /proc): nginx gone
# stops everything; a replica gone is started again at once, and one that keeps dying within
# 10 s of its start (its port taken, a broken install) waits 2, 4, 8, 16 s between tries; a
# replica over the ceiling is killed (and so restarted). Ctrl-C and SIGTERM interrupt `wait`
# and the traps above stop everything.
QUICK=() DUE=()
set +e
while true; do
  sleep 0.5 &
  TICK=($!) live=()
  for pid in "${RPIDS[@]}"; do [ -n "$pid" ] && live+=("$pid"); done
  wait -n "${live[@]}" "$NGINX" "$TICK" 2>/dev/null     # (2>: not bash's "Killed" line)
  kill "$TICK" 2>/dev/null; wait "$TICK" 2>/dev/null
  if ! running "$NGINX"; then
    wait "$NGINX" 2>/dev/null
    echo "nginx exited (status $?); stopping the replicas" >&2
    exit 1
  fi
  for ((i = 0; i < REPLICAS; i++)); do
    pid=${RPIDS[i]}
    if [ -n "$pid" ] && ! running "$pid"; then
      wait "$pid" 2>/dev/null
      status=$? lived=$((SECONDS - STARTED[i]))
      if ((lived < 10)); then QUICK[i]=$((${QUICK[i]:-0} + 1)); else QUICK[i]=0; fi
      delay=$((QUICK[i] > 1 ? 1 << (QUICK[i] > 5 ? 4 : QUICK[i] - 1) : 0))
      RPIDS[i]="" DUE[i]=$((SECONDS + delay))
      echo "replica r$i: pid $pid exited (status $status) after $lived s; restarting in $delay s"
    fi
    if [ -z "${RPIDS[i]}" ]; then
      ((SECONDS >= DUE[i])) || continue
      start_replica "$i"
      echo "replica r$i: restarted, pid ${RPIDS[i]}"
    elif ((CEILING_MB > 0)); then
      rss_mb "$pid"
      if ((RSS > CEILING_MB)); then
        # SIGKILL: a replica this large may not manage to shut down; the next turn restarts it
        kill -KILL "$pid" 2>/dev/null
        echo "replica r$i: pid $pid holds $RSS MB of memory, over its ceiling of $CEILING_MB MB; killed" >&2
      fi
    fi
  done
done
