#!/usr/bin/env bash
# Everything the test suite needs on a fresh machine: the package with its
# test extras, and the tools the browser and export tests drive.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e '.[test]'
