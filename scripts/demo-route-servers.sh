#!/usr/bin/env bash
# Runs the demo IX's route servers (rs1, rs2) as real BIRD daemons inside the demo's network namespace.
#   demo-route-servers.sh start   render their config from the database and start BIRD (idempotent)
#   demo-route-servers.sh stop    stop those in RS_CONFIG_DIR, or without it every one this clone started
# start needs DATABASE_URL, PING_NETNS and RS_CONFIG_DIR (start.sh sets them: .data/bird/<demo name>,
# where the seed put the control sockets). Their BGP sessions only ever reach addresses inside the namespace.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUTE_SERVERS=(rs1 rs2)

stop() {
  local pidfile pidfiles
  if [ -n "${RS_CONFIG_DIR:-}" ]; then
    pidfiles=("$RS_CONFIG_DIR"/*.pid)
  else
    # .data/bird/*.pid: the layout before the demo's directory was named after its database.
    pidfiles=("$DATA_DIR"/bird/*/*.pid "$DATA_DIR"/bird/*.pid)
  fi
  for pidfile in "${pidfiles[@]}"; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start() {
  local DIR="${RS_CONFIG_DIR:?set RS_CONFIG_DIR}" NAMESPACE="${PING_NETNS:?set PING_NETNS}"
  mkdir -p "$DIR"
  for name in "${ROUTE_SERVERS[@]}"; do
    if [ -f "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then continue; fi
    # The route server's own peering-LAN addresses, so its sessions start from the right source.
    local settings v4 v6 socket
    settings="$(ixp routeserver show "$name" --json)" || continue
    IFS='|' read -r v4 v6 socket < <(node -e 'const r = JSON.parse(process.argv[1]); console.log([r.ipv4Address ?? "", r.ipv6Address ?? "", r.controlSocket].join("|"))' "$settings")
    [ -n "$v4" ] && ip -n "$NAMESPACE" addr replace "$v4/32" dev lo
    [ -n "$v6" ] && ip -n "$NAMESPACE" addr replace "$v6/128" dev lo nodad
    ixp render routeserver "$name" --out "$DIR" >/dev/null
    mkdir -p "$(dirname "$socket")"
    ip netns exec "$NAMESPACE" bird -c "$DIR/$name.conf" -s "$socket" -P "$DIR/$name.pid"
    say "route server $name: BIRD running in namespace $NAMESPACE (control socket $socket)"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: demo-route-servers.sh start|stop" ;;
esac
