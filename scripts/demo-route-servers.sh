#!/usr/bin/env bash
# Runs the demo IX's route servers (rs1, rs2) as real BIRD daemons inside the demo's network namespace.
#   demo-route-servers.sh start   render their config from the database and start BIRD (idempotent)
#   demo-route-servers.sh stop
# Needs DATABASE_URL, PING_NETNS and RS_CONFIG_DIR (start.sh sets them). Their BGP sessions only ever
# reach addresses inside the namespace.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DIR="${RS_CONFIG_DIR:-$DATA_DIR/bird}"
NAMESPACE="${PING_NETNS:-ixpdemo}"
ROUTE_SERVERS=(rs1 rs2)

stop() {
  for name in "${ROUTE_SERVERS[@]}"; do
    [ -f "$DIR/$name.pid" ] && kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
    rm -f "$DIR/$name.pid"
  done
}

start() {
  mkdir -p "$DIR" /run/bird
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
