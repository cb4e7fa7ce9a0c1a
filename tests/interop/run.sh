#!/usr/bin/env bash
# The boto3 interop suite: the official AWS SDK for Python against `orgsync emulator` (the Release build of
# src/OrgSync.Cli, or $ORGSYNC_CLI_DLL). Standard library unittest only; skipped, saying so, when python3 or
# boto3 is absent. Prints "interop: N passed, N failed, N skipped" last; exits non-zero on any failure.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
cd "$(dirname "$0")"

if ! command -v python3 >/dev/null 2>&1; then
  echo "interop: SKIPPED: python3 is not installed, so the boto3 interop suite (tests/interop) did not run"
  exit 0
fi
if ! python3 -c "import boto3" >/dev/null 2>&1; then
  echo "interop: SKIPPED: boto3 is not installed for $(command -v python3), so the boto3 interop suite (tests/interop) did not run"
  exit 0
fi

python3 -c 'import boto3, botocore, sys; print(f"interop: python {sys.version.split()[0]}, boto3 {boto3.__version__}, botocore {botocore.__version__}")'
exec python3 - "$@" <<'PY'
import sys
import unittest

suite = unittest.defaultTestLoader.discover(".", pattern="test_*.py", top_level_dir=".")
result = unittest.TextTestRunner(verbosity=2).run(suite)
failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
skipped = len(result.skipped)
print(f"interop: {result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
PY
