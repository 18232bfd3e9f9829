#!/usr/bin/env bash
# One command from a fresh clone to the full test run (the same command CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check .
# Everything, the slow (real LLM server) and e2e (real browser) tests included.
exec .venv/bin/python -m pytest -m "slow or not slow" "$@"
