#!/usr/bin/env bash
# Installs everything a fresh machine lacks, and nothing twice (idempotent):
#   - npm packages (npm ci) when node_modules is missing or older than package-lock.json;
#   - Debian's chromium when no Playwright browser is installed (the docs suite needs one);
#   - Debian's python3-fastapi and python3-uvicorn for the real-FastAPI interop target, and
#     python3-multipart and python3-jwt for FastAPI's OAuth2 tutorial apps.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm packages already installed"
fi

apt_packages=()
if ! node --import tsx --input-type=module -e "import { chooseBrowser } from './suites/browser.ts'; process.exit(chooseBrowser() ? 0 : 1)" 2>/dev/null; then
  apt_packages+=(chromium)
fi
if ! /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null; then
  apt_packages+=(python3-fastapi python3-uvicorn)
fi
# FastAPI's OAuth2 tutorial apps (interop/fastapi/simple_oauth2.py, jwt_oauth2.py) read forms and sign JWTs.
if ! /usr/bin/python3 -c 'import multipart, jwt' 2>/dev/null; then
  apt_packages+=(python3-multipart python3-jwt)
fi

if [ ${#apt_packages[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_packages[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to apt-get install ${apt_packages[*]}"; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
else
  say "chromium and python3-fastapi/uvicorn already present"
fi
say "ready"
