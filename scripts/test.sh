#!/usr/bin/env bash
# The whole test suite. Installs Debian's chromium for the browser tests when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "note: /usr/bin/chromium is missing and apt-get needs root; browser tests will be skipped" >&2
  fi
fi
# The tests keep their sandbox state (caches, the init, run directories) apart from the dev site's.
export SANDBOX_STATE_DIR="${SANDBOX_STATE_DIR:-/tmp/quizapp-test-sandbox-$(id -u)}"
.venv/bin/python -m sandbox warm >/dev/null
exec .venv/bin/python -m pytest "$@"
