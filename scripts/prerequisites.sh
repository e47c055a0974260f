# Sourced by ./test before anything slow: makes sure the suite's tools and services are there
# (Maven or the wrapper ./mvnw, Node, Chromium and its driver, nginx, PostgreSQL with database "test" and trust for
# 127.0.0.1, Redis on 127.0.0.1:6379). What is missing is installed when it may be (root with
# apt-get) and started when it is down; otherwise the script stops at once with one line naming
# what is missing and the command that installs it. Only shell builtins run before that line,
# so it appears even on a machine that lacks everything. TEST_POSTGRES_URL set means "use
# that PostgreSQL", and the local one is left alone.

prerequisite_fail() {
  echo "./test: $*" >&2
  exit 1
}
prerequisite_have() {
  command -v "$1" >/dev/null 2>&1
}

prerequisite_missing=()
# Without a Maven on PATH the wrapper fetches the pinned one from Maven Central.
if prerequisite_have mvn; then
  prerequisite_mvn=mvn
else
  prerequisite_mvn=./mvnw
fi
prerequisite_have node || prerequisite_missing+=(nodejs)
prerequisite_have npm || prerequisite_missing+=(npm)
prerequisite_have chromium || prerequisite_missing+=(chromium)
prerequisite_have chromedriver || prerequisite_missing+=(chromium-driver)
# The chaos tests put nginx (Debian's package) in front of the node processes.
prerequisite_have nginx || prerequisite_missing+=(nginx)
if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  { prerequisite_have psql && prerequisite_have pg_isready; } || prerequisite_missing+=(postgresql)
fi
{ prerequisite_have redis-server && prerequisite_have redis-cli; } || prerequisite_missing+=(redis-server)

prerequisite_installed_postgres=false
if [ ${#prerequisite_missing[@]} -gt 0 ]; then
  if [ "$EUID" -eq 0 ] && prerequisite_have apt-get; then
    echo "./test: installing ${prerequisite_missing[*]} with apt-get" >&2
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${prerequisite_missing[@]}" >/dev/null; }; then
      prerequisite_fail "could not install ${prerequisite_missing[*]}; install them with: apt-get install ${prerequisite_missing[*]}"
    fi
    [[ " ${prerequisite_missing[*]} " == *" postgresql "* ]] && prerequisite_installed_postgres=true
  else
    prerequisite_fail "the test suite needs ${prerequisite_missing[*]}, not found on PATH; install with: sudo apt-get install ${prerequisite_missing[*]}"
  fi
fi

prerequisite_wait() { # seconds, command...
  local tries=$(( $1 * 4 ))
  shift
  while ! "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.25
  done
}

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  prerequisite_cluster=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  if $prerequisite_installed_postgres && [ -n "$prerequisite_cluster" ]; then
    # A cluster this script just installed is a test machine's: let the suite in without a
    # password, as the tests connect (user postgres, 127.0.0.1).
    sed -i '1i host all all 127.0.0.1/32 trust' "/etc/postgresql/$prerequisite_cluster/main/pg_hba.conf"
    pg_ctlcluster --skip-systemctl-redirect "$prerequisite_cluster" main restart >/dev/null 2>&1 || true
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    if [ "$EUID" -eq 0 ] && [ -n "$prerequisite_cluster" ] && prerequisite_have pg_ctlcluster; then
      echo "./test: starting PostgreSQL $prerequisite_cluster" >&2
      pg_ctlcluster --skip-systemctl-redirect "$prerequisite_cluster" main start \
        || prerequisite_fail "PostgreSQL $prerequisite_cluster did not start; see /var/log/postgresql"
      prerequisite_wait 30 pg_isready -h 127.0.0.1 -p 5432 -q \
        || prerequisite_fail "PostgreSQL did not come up on 127.0.0.1:5432 within 30 s"
    else
      prerequisite_fail "PostgreSQL is not running on 127.0.0.1:5432; start it with: sudo pg_ctlcluster ${prerequisite_cluster:-<version>} main start (or set TEST_POSTGRES_URL)"
    fi
  fi
  prerequisite_psql() {
    psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -w -tAq -v ON_ERROR_STOP=1 -c "$1"
  }
  prerequisite_psql "select 1" >/dev/null 2>&1 \
    || prerequisite_fail "PostgreSQL on 127.0.0.1:5432 does not let user postgres in without a password; add 'host all all 127.0.0.1/32 trust' to pg_hba.conf (or set TEST_POSTGRES_URL)"
  if [ "$(prerequisite_psql "select 1 from pg_database where datname = 'test'")" != 1 ]; then
    echo "./test: creating PostgreSQL database test" >&2
    prerequisite_psql "create database test" >/dev/null
  fi
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "./test: starting Redis on 127.0.0.1:6379" >&2
  prerequisite_redis_dir="${TMPDIR:-/tmp}/chatmesh-test-redis"
  mkdir -p "$prerequisite_redis_dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir "$prerequisite_redis_dir" --logfile "$prerequisite_redis_dir/redis.log" >/dev/null \
    || prerequisite_fail "Redis did not start; see $prerequisite_redis_dir/redis.log"
  prerequisite_wait 10 redis-cli -h 127.0.0.1 -p 6379 ping \
    || prerequisite_fail "Redis did not answer on 127.0.0.1:6379 within 10 s; see $prerequisite_redis_dir/redis.log"
fi
