#!/usr/bin/env bash
# One command from a fresh clone to the full test run (the same command CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
# The browser test drives Debian's Chromium; a CJK font keeps Japanese readable in screenshots.
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null || echo "warning: chromium not installed; the browser test will be skipped" >&2
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
.venv/bin/ruff check .
# Everything: the slow (real LLM server) and e2e (real browser) tests included.
exec .venv/bin/python -m pytest -m "slow or not slow or e2e" "$@"
