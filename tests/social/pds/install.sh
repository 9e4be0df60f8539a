#!/usr/bin/env bash
# Installs the local Bluesky PDS the tests run. Node.js 20+ is needed: Debian's nodejs and npm are
# installed when missing, and when that Node.js is older (Debian 12 ships 18), Node.js 20 comes
# from the npm registry into .node/, which the tests then use.
# Fast when nothing changed: npm ci runs only when package-lock.json differs from the last install.
set -euo pipefail
cd "$(dirname "$0")"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v npm >/dev/null; then
  echo "Installing Node.js and npm from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ "$(node_major node)" -lt 20 ] && [ "$(node_major .node/node_modules/.bin/node)" -lt 20 ]; then
  echo "Installing Node.js 20 from the npm registry into $(pwd)/.node"
  npm install --prefix .node --no-audit --no-fund --loglevel=error node@20
fi
if [ -x .node/node_modules/.bin/node ]; then
  export PATH="$(pwd)/.node/node_modules/.bin:$PATH"
fi
stamp=node_modules/.installed-from-lock
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" >"$stamp"
fi
