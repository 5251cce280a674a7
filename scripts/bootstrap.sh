#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements (again only when requirements.txt changes).
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${PYTHON:-}"
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null; then python_bin="$candidate"; break; fi
  done
fi
[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
wanted="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$wanted" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > .venv/.requirements.sha256
fi
bash scripts/install_toolchains.sh .venv/bin/python .venv/toolchains
