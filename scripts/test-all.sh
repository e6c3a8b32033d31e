#!/usr/bin/env bash
# Runs every automated test that can run on this machine, installing what the tests need first (cached).
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
[ -f dist/cli.js ] && [ -z "$(find src webview -newer dist/cli.js -name '*.ts' -print -quit)" ] || npm run build
npm test
