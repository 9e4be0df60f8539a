#!/usr/bin/env bash
# Installs the local Bluesky PDS the tests run (Node.js 20+ from Debian's packages when missing).
# Fast when nothing changed: npm ci runs only when package-lock.json differs from the last install.
set -euo pipefail
cd "$(dirname "$0")"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "Installing Node.js from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
stamp=node_modules/.installed-from-lock
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" >"$stamp"
fi
