#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine: the package with its
# test extras, and the tools the browser and export tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e '.[test]'
# export tests: Neo4j's Cypher linter (pinned in tests/cypher/package-lock.json), run with Node.js
command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
npm ci --prefix tests/cypher --no-audit --no-fund --loglevel=error
# HTML network tests: Debian's Chromium (driven by Playwright's Python API, installed with
# the [test] extra above) and a CJK font so the screenshots show the Chinese labels
command -v chromium >/dev/null && fc-list :lang=zh | grep -q . \
  || { apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei; }
# review sheet tests: a real spreadsheet application reads the .xlsx and .csv back
# (Gnumeric's ssconvert: 19 MB without the recommended GUI packages, against LibreOffice's 90)
command -v ssconvert >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends gnumeric; }
