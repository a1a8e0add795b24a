# Shared helpers for the project's scripts. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="$ROOT/.data"
export NEXT_TELEMETRY_DISABLED=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages that are missing; apt-get update runs once, only when something is missing.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "need root to install Debian packages: ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  # Packages must not start system services of their own (we run private instances when we need them).
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

# Node.js is a prerequisite, never installed here: Debian 12's own nodejs is 18, which cannot run Next.js 16.
# The version needed is package.json's engines.node; anything older (or none) stops with one line.
require_node() {
  local needed found want_major want_minor
  needed="$(sed -n 's/^ *"node": *">=\([0-9.]*\)".*/\1/p' "$ROOT/package.json")"
  IFS=. read -r want_major want_minor _ <<<"$needed.0"
  found="$(node --version 2>/dev/null || true)"
  if [[ "$found" =~ ^v([0-9]+)\.([0-9]+)\. ]]; then
    local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
    if (( major > want_major || (major == want_major && minor >= want_minor) )); then return 0; fi
  fi
  die "Node.js $needed or newer is needed (found: ${found:-none}); install it from https://nodejs.org/en/download (e.g. Node.js 22 LTS, or NodeSource's Debian packages) and run this again"
}

# Installs exactly the locked versions when package-lock.json changed since the last install. The lock is
# committed as `npm install` writes it (with every platform's optional binaries), so `npm ci` accepts it
# and never rewrites it.
npm_install() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The clone's `git status` (empty outside a git clone). The scripts compare it before and after a run:
# everything they write (.data/, .next/, node_modules/, next-env.d.ts...) must be ignored, nothing tracked changed.
git_status() { git -C "$ROOT" status --porcelain=v1 --untracked-files=all 2>/dev/null || true; }

# Fails, naming the paths, when `git status` differs from the one taken before the run.
check_git_status_unchanged() {
  local before="$1" after
  after="$(git_status)"
  [ "$before" = "$after" ] && return 0
  printf 'error: %s\n%s\n' "this run changed the clone's git status (files it writes must be ignored, tracked files left alone):" \
    "$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep '^[<>]')" >&2
  return 1
}

ixp() { node "$ROOT/bin/ixp.mjs" "$@"; }

# A secret kept in .data/secrets, created on first use (0600).
ensure_secret() {
  local name="$1" file="$DATA_DIR/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$DATA_DIR/secrets" && chmod 700 "$DATA_DIR/secrets"
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))' > "$file")
  fi
  cat "$file"
}

# Bundles the CLI (dist/cli/ixp.mjs) so `ixp` starts without compiling TypeScript; bin/ixp.mjs falls
# back to tsx whenever the bundle is missing or older than a source file. Takes well under a second.
build_cli() {
  (cd "$ROOT" && node scripts/build-cli.mjs) || die "bundling the CLI failed"
}

# Rebuilds the Next.js app only when sources changed since the last build.
build_app() {
  local stamp="$ROOT/.next/BUILD_ID"
  if [ -f "$stamp" ] && [ -z "$(find "$ROOT/src" "$ROOT/public" "$ROOT/next.config.mjs" "$ROOT/package-lock.json" "$ROOT/postcss.config.mjs" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  say "building the web app"
  (cd "$ROOT" && npx next build >"$DATA_DIR/build.log" 2>&1) || { tail -40 "$DATA_DIR/build.log"; die "next build failed (full log: .data/build.log)"; }
}
