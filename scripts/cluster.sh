#!/usr/bin/env bash
# Starts a ChatMesh cluster on this machine: a private PostgreSQL and Redis (in a temporary
# directory, on free loopback ports) unless DATABASE_URL / REDIS_URL are set, N nodes (default
# 3) on loopback ports, and nginx with deploy/nginx.conf.template on PORT (default 8080).
# Prints the URL; Ctrl+C (or SIGTERM) stops everything it started, by PID.
#   ./chatmesh cluster [N]
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-3}
[[ $nodes =~ ^[1-9][0-9]?$ ]] || { echo "usage: ./chatmesh cluster [N]  (N from 1 to 99)" >&2; exit 2; }
port=${PORT:-8080}
jar=server/target/chatmesh-server.jar
command -v nginx >/dev/null || { echo "cluster: nginx is missing; install it with: apt-get install nginx" >&2; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/chatmesh-cluster.XXXXXX")
pids=()
stop() {
  trap - EXIT INT TERM
  echo "stopping the cluster" >&2
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap stop EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() { # what, seconds, command...
  local what=$1 tries=$(( $2 * 4 ))
  shift 2
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { echo "cluster: $what did not come up; see $dir" >&2; exit 1; }
    sleep 0.25
  done
}
# PostgreSQL refuses to run as root: run it as the postgres user then.
as_db_user=()
if [ "$EUID" -eq 0 ]; then as_db_user=(setpriv --reuid=postgres --regid=postgres --init-groups); fi

if [ -z "${DATABASE_URL:-}" ]; then
  pg_port=$(free_port)
  mkdir -p "$dir/pg"
  [ "$EUID" -eq 0 ] && chown postgres: "$dir" "$dir/pg"
  "${as_db_user[@]}" initdb -D "$dir/pg" -U postgres -A trust >"$dir/initdb.log"
  "${as_db_user[@]}" postgres -D "$dir/pg" -p "$pg_port" -k "$dir/pg" -c listen_addresses=127.0.0.1 \
    -c fsync=off -c max_connections=200 >"$dir/postgres.log" 2>&1 &
  pids+=($!)
  wait_for PostgreSQL 30 pg_isready -h 127.0.0.1 -p "$pg_port"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
fi
if [ -z "${REDIS_URL:-}" ]; then
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$dir" \
    >"$dir/redis.log" 2>&1 &
  pids+=($!)
  wait_for Redis 10 redis-cli -p "$redis_port" ping
  export REDIS_URL="redis://127.0.0.1:$redis_port"
fi

if [ ! -f "$jar" ] || [ -n "$(find pom.xml realtime server -newer "$jar" \( -name '*.java' -o -name '*.xml' -o -name '*.sql' -o -path '*/resources/*' \) -print -quit 2>/dev/null)" ]; then
  echo "Building ChatMesh (first time takes a minute)..."
  . scripts/jdk.sh
  mvn -q -B -Dstyle.color=never -DskipTests -pl server -am package
fi
. scripts/jdk.sh
# Every node shares the database, Redis, the token secret and the secrets key.
export TOKEN_SECRET=${TOKEN_SECRET:-$(head -c 32 /dev/urandom | base64)}
export SECRETS_KEY=${SECRETS_KEY:-$(head -c 32 /dev/urandom | base64)}
export TRUSTED_PROXIES=${TRUSTED_PROXIES:-127.0.0.1}
servers=""
for (( n=1; n<=nodes; n++ )); do
  node_port=$(free_port)
  mkdir -p "$dir/node$n"
  HOST=127.0.0.1 PORT=$node_port DATA_DIR="$dir/node$n" \
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseZGC -jar "$jar" \
    >"$dir/node$n.log" 2>&1 &
  pids+=($!)
  servers+="    server 127.0.0.1:$node_port max_fails=1 fail_timeout=2s;"$'\n'
  node_ports+=("$node_port")
done
for node_port in "${node_ports[@]}"; do
  wait_for "the node on port $node_port" 120 curl -sf "http://127.0.0.1:$node_port/health/ready"
done

mkdir -p "$dir/nginx"
SERVERS=$servers python3 - "$dir/nginx" "$port" >"$dir/nginx/nginx.conf" <<'PY'
import os, sys
text = open("deploy/nginx.conf.template").read()
for key, value in {"@PREFIX@": sys.argv[1], "@WORKERS@": os.environ.get("NGINX_WORKERS", "4"), "@LISTEN@": "127.0.0.1:" + sys.argv[2],
                   "@SERVERS@": os.environ["SERVERS"].rstrip("\n")}.items():
    text = text.replace(key, value)
print(text)
PY
nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" &
pids+=($!)
wait_for nginx 10 curl -sf "http://127.0.0.1:$port/health/live"
echo "ChatMesh cluster of $nodes nodes is running at http://localhost:$port/  (Ctrl+C stops it; logs in $dir)"
wait "${pids[@]}"
