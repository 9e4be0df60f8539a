#!/usr/bin/env bash
# Load test of the production shape on loopback: Varnish in front of gunicorn (2 workers) on
# PostgreSQL and Redis, 5,000 articles, measured with wrk; nginx serves a saved page as the ceiling.
# Then publish-to-fresh across processes (bench/freshness.py): 20 publishes, gunicorn and Varnish.
#   bash bench/load.sh            (BENCH_ARTICLES, BENCH_DURATION, BENCH_CONNECTIONS to vary)
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v varnishd >/dev/null || missing+=(varnish)
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
make --no-print-directory install >/dev/null
exec bash tests/with_services.sh bash -c \
  'uv run python bench/load.py "$@" && uv run python bench/freshness.py' bench/load.sh "$@"
