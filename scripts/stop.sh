#!/usr/bin/env bash
# Stops what `scripts/start.sh --detach` started: web app, worker, the demo's route servers and network
# namespace and, unless --keep-database is given, the project's private MariaDB (a system or external database is never touched).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/database.sh"
for name in web worker; do
  pidfile="$DATA_DIR/run/$name.pid"
  [ -f "$pidfile" ] || continue
  # setsid made each its own process group: stop the whole group (the web's server processes, the worker's node).
  kill -- "-$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  say "stopped $name"
done
bash "$ROOT/scripts/demo-route-servers.sh" stop
if [ -f "$DATA_DIR/run/demo-netns" ]; then
  netns="$(cat "$DATA_DIR/run/demo-netns")"
  ip netns delete "$netns" 2>/dev/null && say "removed the demo's network namespace $netns"
  rm -f "$DATA_DIR/run/demo-netns"
fi
if [ "${1:-}" != "--keep-database" ] && private_db_running; then
  stop_private_mariadb
  say "stopped the private MariaDB"
fi
