#!/usr/bin/env bash
# Start Matching Workbench on this computer only (http://localhost:8501), installing what it
# needs into .venv the first time. Sample data is one click away on the Data page.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -c "import streamlit, splink" 2>/dev/null || [ requirements.txt -nt .venv/.installed ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  touch .venv/.installed
fi
exec .venv/bin/python -m streamlit run app.py --server.address=127.0.0.1 \
  --browser.gatherUsageStats=false "$@"
