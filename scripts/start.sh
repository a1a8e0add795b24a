#!/usr/bin/env bash
# The README's first command: install everything, make sure a database exists, migrate, seed the demo
# if the database is empty, build, and run the web app and the worker.
#   bash scripts/start.sh            run in the foreground (Ctrl-C stops both)
#   bash scripts/start.sh --detach   run in the background; stop with scripts/stop.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/database.sh"
cd "$ROOT"

DETACH=0
[ "${1:-}" = "--detach" ] && DETACH=1
PORT="${PORT:-3000}"
mkdir -p "$DATA_DIR/run" "$DATA_DIR/logs"

git_before="$(git_status)"
require_node
apt_install fping iproute2 openssl bird2 ca-certificates curl bind9-utils bind9-dnsutils mariadb-client
npm_install
build_cli

# Stop what a previous --detach run left (but not the database), so re-running is safe.
bash "$ROOT/scripts/stop.sh" --keep-database >/dev/null 2>&1 || true

DATABASE_URL="$(resolve_database_url ixp)"
export DATABASE_URL
export AUTH_SECRET="${AUTH_SECRET:-$(ensure_secret auth-secret)}"
export APP_URL="${APP_URL:-http://localhost:$PORT}"
export IX_URL="${IX_URL:-$APP_URL}"
export NODE_ENV=production

say "migrating $(node -e 'const u=new URL(process.argv[1]); u.password=""; console.log(u.toString())' "$DATABASE_URL")"
ixp db migrate
ixp db seed --demo --if-empty

# The demo's member addresses live in a network namespace of their own, so the ping monitor has real
# targets and never sends a packet off this machine. Its name (and the directory of its route servers'
# control sockets) comes from the database, so two clones with two databases never share them.
DEMO_NAME="$(ixp monitor demo-namespace --print-name)"
if [ -z "${PING_ENABLED:-}" ]; then
  export PING_NETNS="${PING_NETNS:-$DEMO_NAME}"
  ixp monitor demo-namespace --name "$PING_NETNS" >/dev/null
  # stop.sh removes the namespace it finds named here (and no other).
  mkdir -p "$DATA_DIR/run" && echo "$PING_NETNS" > "$DATA_DIR/run/demo-netns"
fi

# The demo's route servers: real BIRD inside the same namespace, configured from the database like
# production ones, so the Jobs page shows session checks and config rollouts doing real work.
if [ -n "${PING_NETNS:-}" ]; then
  export RS_CONFIG_DIR="${RS_CONFIG_DIR:-$DATA_DIR/bird/$DEMO_NAME}"
  bash "$ROOT/scripts/demo-route-servers.sh" start
fi

build_app
check_git_status_unchanged "$git_before" || say "please report this: start.sh should leave the clone as it found it"

# A larger young generation for the web app: rendering a page makes many short-lived objects, and with V8's
# default (16 MB semi-spaces) collecting them took about a tenth of its CPU under load (docs/BENCHMARKS.md,
# "/peers at 200 requests/s"; bench/pages.ts starts the app with the same flag).
WEB_NODE_OPTIONS="--max-semi-space-size=64 ${NODE_OPTIONS:-}"

# src/web/main.ts runs WEB_PROCESSES server processes (default: one per core) on the one port.
WEB_COMMAND=(node --import tsx src/web/main.ts --port "$PORT")
# node itself, not the tsx wrapper, so the worker gets SIGTERM first-hand and shuts down as src/worker/run.ts says.
WORKER_COMMAND=(node --import tsx src/worker/main.ts)
say "starting the web app on port $PORT and the worker"
if [ "$DETACH" -eq 1 ]; then
  NODE_OPTIONS="$WEB_NODE_OPTIONS" setsid "${WEB_COMMAND[@]}" >"$DATA_DIR/logs/web.log" 2>&1 < /dev/null &
  echo $! > "$DATA_DIR/run/web.pid"
  setsid "${WORKER_COMMAND[@]}" >"$DATA_DIR/logs/worker.log" 2>&1 < /dev/null &
  echo $! > "$DATA_DIR/run/worker.pid"
else
  NODE_OPTIONS="$WEB_NODE_OPTIONS" "${WEB_COMMAND[@]}" &
  WEB=$!
  "${WORKER_COMMAND[@]}" &
  WORKER=$!
  # Ctrl-C also stops the demo's route servers and namespace; the database stays.
  trap 'kill $WEB $WORKER 2>/dev/null; wait; bash "$ROOT/scripts/stop.sh" --keep-database' INT TERM EXIT
fi

for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null || die "the web app did not come up (see .data/logs/web.log)"

cat <<MSG

  IXP Portal is running at $APP_URL
  Database: $(node -e 'const u=new URL(process.argv[1]); u.password=""; console.log(u.toString())' "$DATABASE_URL")

  Sign in as the demo admin (admin@example.net) with this one-time link (valid for an hour):
    $(ixp user login-link admin@example.net --to /admin)
  A new link at any time:  npm run ixp -- user login-link admin@example.net
  Without SMTP_URL, every email the portal sends is readable at $APP_URL/admin/mailbox.

MSG
if [ "$DETACH" -eq 0 ]; then
  wait
fi
