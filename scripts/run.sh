#!/usr/bin/env bash
# One command: set everything up and run the site, a worker and Redis on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-quizapp.settings.local}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py import_content
.venv/bin/python -m sandbox warm || echo "warning: could not warm the Go build cache; first Go runs will be slow"
exec .venv/bin/python manage.py dev "$@"
