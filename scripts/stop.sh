#!/usr/bin/env bash
# Stops the web app and worker started by `scripts/start.sh --detach`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for name in web worker; do
  pidfile="$DATA_DIR/run/$name.pid"
  [ -f "$pidfile" ] || continue
  # setsid made each its own process group: stop the whole group (npx, node, next-server).
  kill -- "-$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  say "stopped $name"
done
source "$ROOT/scripts/database.sh"
if private_db_running; then
  stop_private_mariadb
  say "stopped the private MariaDB"
fi
