#!/usr/bin/env bash
# Creates .venv if needed and installs the project into it: `bootstrap.sh app` for running the
# app (LLM backends and sentence-transformers models included), `bootstrap.sh test` for the test
# suite (adds the dev tools and a real local LLM server, which builds from source in ~5 minutes).
# Torch comes first from the machine's local CPU wheel: any other torch spec would pull several
# GB of CUDA packages.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
case "$mode" in
  app) extras="llm,hf" ;;
  test) extras="dev" ;;
  *) echo "usage: $0 app|test" >&2; exit 2 ;;
esac
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
stamp=".venv/.installed-$mode-$(cat pyproject.toml scripts/bootstrap.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  python -m pip install -q --upgrade pip
  python -m pip show torch >/dev/null 2>&1 || python -m pip install -q torch==2.13.0
  python -m pip install -q -e ".[$extras]"
  rm -f .venv/.installed-"$mode"-*
  touch "$stamp"
fi
