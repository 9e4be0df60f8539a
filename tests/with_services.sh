#!/usr/bin/env bash
# Runs a command with throwaway PostgreSQL and Redis servers on loopback, then stops them.
#   bash tests/with_services.sh uv run pytest tests/
# Exports TEST_POSTGRES_URL and REDIS_URL to the command. Installs the Debian packages if missing
# (PostgreSQL, Redis, and Chromium for the browser tests).
set -euo pipefail

need=()
pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
[ -n "$pg_bindir" ] && [ -x "$pg_bindir/initdb" ] || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
# The browser tests drive Debian's Chromium (Playwright never downloads one).
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  pg_bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

workdir=$(mktemp -d /tmp/newsdesk-services.XXXXXX)
chmod 755 "$workdir"
pg_port=$(free_port)
redis_port=$(free_port)
pg_user=$(id -un)
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: run it as the postgres system user.
  pg_user=postgres
  chown postgres "$workdir"
  as_pg() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  status=$?
  as_pg "$pg_bindir/pg_ctl" -D "$workdir/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$workdir/redis.pid" ] && kill "$(cat "$workdir/redis.pid")" 2>/dev/null || true
  rm -rf "$workdir"
  exit $status
}
trap cleanup EXIT INT TERM

as_pg "$pg_bindir/initdb" -D "$workdir/pg" -U "$pg_user" --auth=trust -E UTF8 >/dev/null
as_pg "$pg_bindir/pg_ctl" -D "$workdir/pg" -l "$workdir/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
  --daemonize yes --pidfile "$workdir/redis.pid" --logfile "$workdir/redis.log" --dir "$workdir"
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

export TEST_POSTGRES_URL="postgres://$pg_user@127.0.0.1:$pg_port/postgres"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export NEWSDESK_SERVICES_DIR="$workdir"
echo "Services: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
"$@"
