#!/usr/bin/env bash
# Runs crates/engines/fixtures/check_csp_codegen.py: the CSP sandbox's generated Flask-Talisman,
# Flask after_request, Django 6 and django-csp code, executed in the real libraries, must send
# the policy it was generated from; then check_headers_codegen.py: the headers sandbox's
# generated Flask-Talisman, after_request and Django code must send exactly the headers the
# sandbox shows (and fixtures/headers_codegen.json must be what they send). Exits non-zero when
# any of them disagrees.
#   scripts/check-csp-codegen.sh
# Needs Python 3.12 (Django 6 does): pyenv's 3.12.1 when present, else python3.12 on PATH. The
# venv lives in .tools/venv-csp-codegen and is rebuilt when the pinned requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=crates/engines/fixtures/requirements-csp-codegen.txt
venv=.tools/venv-csp-codegen

python=/root/.pyenv/versions/3.12.1/bin/python3.12
if [ ! -x "$python" ]; then
  python=$(command -v python3.12 || true)
fi
if [ -z "$python" ]; then
  echo "check-csp-codegen: needs Python 3.12 (Django 6 requires it): install python3.12 or pyenv 3.12.1" >&2
  exit 1
fi

stamp=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ "$(cat "$venv/.requirements-sha256" 2>/dev/null || true)" != "$stamp" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv -r "$requirements"
  echo "$stamp" > "$venv/.requirements-sha256"
fi

"$venv/bin/python" crates/engines/fixtures/check_csp_codegen.py
"$venv/bin/python" crates/engines/fixtures/check_headers_codegen.py
