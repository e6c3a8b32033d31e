#!/usr/bin/env bash
# Runs every automated test that can run on this machine, installing what the tests need first (heavy tools are
# cached outside the clone by scripts/test-tools/install.sh). Each suite prints its own "N passed, N failed" line;
# this script ends with the sum of them, and fails if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci || exit 1
fi
# Build unless dist/ is newer than every source (CI has just built it).
if [ ! -f dist/extension.js ] || [ -n "$(find src webview esbuild.js package.json -newer dist/extension.js -type f -print -quit)" ]; then
  npm run build || exit 1
fi

passed=0 failed=0 skipped=0 status=0
results_dir=$(mktemp -d)
trap 'rm -rf "$results_dir"' EXIT

# run_suite NAME COMMAND... — runs a suite, echoes its output, adds its summary line to the totals.
run_suite() {
  local name=$1; shift
  echo
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$results_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$results_dir/$name.log" | tail -1)
  if [ -n "$line" ]; then
    local p f s
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
    s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '[0-9]+')
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
  fi
  if [ "$rc" -ne 0 ]; then
    echo "=== $name failed (exit $rc)"
    status=1
    [ -z "$line" ] && failed=$((failed + 1))
  fi
}

run_suite node npm test
if [ "${ENTRA_ZENDESK_SKIP_UI_TESTS:-}" = "1" ]; then
  echo "=== UI suites skipped (ENTRA_ZENDESK_SKIP_UI_TESTS=1)"
else
  npm run test:tools || { echo "=== test tools could not be installed"; exit 1; }
  run_suite webview npm run test:webview
  run_suite vscode-host npm run test:vscode
  run_suite e2e npm run test:e2e
fi

echo
echo "all suites: $passed passed, $failed failed, $skipped skipped"
exit $status
