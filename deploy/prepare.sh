#!/usr/bin/env bash
# Run once per deploy, before web, worker and beat start: schema migrations and the search index.
set -euo pipefail
python manage.py migrate --noinput
# Creates the search index if it is missing and fills it from the published pages.
python manage.py update_index
