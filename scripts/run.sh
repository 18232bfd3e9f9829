#!/usr/bin/env bash
# One command from a fresh clone to the running app: set up, then `advisor app`
# (the app ingests the corpus on its first run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh app
exec .venv/bin/advisor app "$@"
