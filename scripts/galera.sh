#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on this machine, for trying the portal on a cluster and for the `cluster`
# test tier (docs/SCALING.md). Each node is its own `mariadbd` (run as the `mysql` user, so rsync state
# transfer works) with its own data dir under .data/galera/nodeN, SQL port, Galera port and transfer ports.
#
#   scripts/galera.sh start    start whatever nodes are stopped: bootstrap node 1 if none runs, else join
#   scripts/galera.sh stop     stop all nodes (SIGTERM, then SIGKILL after 30 s)
#   scripts/galera.sh status   per node: pid, port, state, cluster size
#   scripts/galera.sh urls     the three DATABASE_URLs (server part), one per line
#   scripts/galera.sh destroy  stop and delete the data dirs
#
# Ports: node N (1..3) listens for SQL on IXP_GALERA_PORT+N-1 (default 3531..3533), Galera replication on
# IXP_GALERA_PORT+1000+N-1 (4531..), incremental state transfer on +1010 (4541..), rsync state transfer on +1020.
# Point the portal at it with DATABASE_URL=mysql://root@127.0.0.1:3531/ixp (or a load balancer in front).
# Not for production as is: root without a password, fast failure detection tuned for one machine.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GALERA_DIR="${IXP_GALERA_DIR:-$DATA_DIR/galera}"
BASE_PORT="${IXP_GALERA_PORT:-3531}"
NODES=(1 2 3)

node_dir() { echo "$GALERA_DIR/node$1"; }
sql_port() { echo $((BASE_PORT + $1 - 1)); }
gcomm_port() { echo $((BASE_PORT + 1000 + $1 - 1)); }
ist_port() { echo $((BASE_PORT + 1010 + $1 - 1)); }
sst_port() { echo $((BASE_PORT + 1020 + $1 - 1)); }
node_pid() { local f; f="$(node_dir "$1")/mysqld.pid"; [ -f "$f" ] && cat "$f" 2>/dev/null || true; }
node_running() { local pid; pid="$(node_pid "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
node_sql() { mariadb --no-defaults -uroot --socket="$(node_dir "$1")/mysqld.sock" -N -B -e "$2" 2>/dev/null; }
node_status() { node_sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" | cut -f2; }

cluster_address() {
  local peers=() n
  for n in "${NODES[@]}"; do peers+=("127.0.0.1:$(gcomm_port "$n")"); done
  (IFS=,; echo "gcomm://${peers[*]}")
}

write_config() {
  local n="$1" dir; dir="$(node_dir "$1")"
  cat > "$dir/my.cnf" <<EOF
[mariadbd]
user = mysql
datadir = $dir/data
socket = $dir/mysqld.sock
pid-file = $dir/mysqld.pid
log-error = $dir/error.log
port = $(sql_port "$n")
bind-address = 127.0.0.1
skip-name-resolve
max_connections = 500
innodb_buffer_pool_size = 128M
# Durability comes from the other nodes holding the write set; flushing per commit would only slow the tests.
innodb_flush_log_at_trx_commit = 0
# Galera's requirements: row-based replication, InnoDB, interleaved auto_increment locks.
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
wsrep_on = ON
wsrep_provider = /usr/lib/galera/libgalera_smm.so
wsrep_cluster_name = ixp-galera
wsrep_cluster_address = $(cluster_address)
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(gcomm_port "$n")
# Reads wait until this node has applied what other nodes committed before (causal reads): a request
# submitted through node 1 can be approved through node 2 at once.
wsrep_sync_wait = 1
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
# A dead peer on the same machine is declared gone after about 3 s instead of the default 5-15 s.
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=128M;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S"
EOF
}

init_node() {
  local n="$1" dir; dir="$(node_dir "$1")"
  mkdir -p "$dir"
  write_config "$n"
  # Only node 1 is initialised; the others get its state by rsync when they join.
  if [ "$n" -eq 1 ] && [ ! -d "$dir/data/mysql" ]; then
    say "initialising Galera node 1 in $dir"
    mariadb-install-db --no-defaults --datadir="$dir/data" --user=mysql --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; die "mariadb-install-db failed"; }
  fi
  mkdir -p "$dir/data"
  chown -R mysql:mysql "$dir"
}

# Waits until the node answers and is Synced with the cluster.
wait_synced() {
  local n="$1" state=""
  for _ in $(seq 1 240); do
    node_running "$n" || { tail -30 "$(node_dir "$n")/error.log" >&2; die "Galera node $n exited while starting"; }
    state="$(node_status "$n" wsrep_local_state_comment || true)"
    [ "$state" = "Synced" ] && return 0
    sleep 0.5
  done
  tail -30 "$(node_dir "$n")/error.log" >&2
  die "Galera node $n did not reach Synced (state: ${state:-no answer})"
}

start_node() {
  local n="$1" bootstrap="$2" dir; dir="$(node_dir "$1")"
  init_node "$n"
  local extra=()
  if [ "$bootstrap" = yes ]; then
    # A cluster that was killed leaves safe_to_bootstrap=0 everywhere; node 1 is this cluster's reference.
    [ -f "$dir/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$dir/data/grastate.dat"
    extra+=(--wsrep-new-cluster)
  fi
  # After kill -9 grastate.dat says seqno -1: recover the last committed position from InnoDB so that the node
  # asks for the missing write sets only (IST) instead of a full copy (SST).
  if [ -f "$dir/data/grastate.dat" ] && grep -q '^seqno: *-1' "$dir/data/grastate.dat"; then
    rm -f "$dir/recover.log"
    /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/recover.log" >/dev/null 2>&1 || true
    local position
    position="$(sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$dir/recover.log" 2>/dev/null | tail -1)"
    [ -n "$position" ] && extra+=("--wsrep-start-position=$position")
  fi
  local how="joining the cluster"
  [ "$bootstrap" = yes ] && how="bootstrapping the cluster"
  say "starting Galera node $n on 127.0.0.1:$(sql_port "$n") ($how)"
  rm -f "$dir/mysqld.pid"
  # setsid: the node outlives this script and is never part of the caller's process group.
  setsid /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" "${extra[@]}" >/dev/null 2>&1 < /dev/null &
  for _ in $(seq 1 100); do [ -s "$dir/mysqld.pid" ] && break; sleep 0.1; done
  wait_synced "$n"
}

cmd_start() {
  [ "$(id -u)" -eq 0 ] || die "run as root (the nodes run as the mysql user)"
  apt_install mariadb-server galera-4 rsync iproute2
  mkdir -p "$GALERA_DIR"
  local n any=no
  for n in "${NODES[@]}"; do node_running "$n" && any=yes; done
  for n in "${NODES[@]}"; do
    node_running "$n" && continue
    if [ "$any" = no ]; then start_node "$n" yes; any=yes; else start_node "$n" no; fi
  done
  cmd_status
}

stop_node() {
  local n="$1" pid; pid="$(node_pid "$n")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cmd_stop() {
  # The last node to stop is the one to bootstrap from next time: stop 3, 2, then 1.
  local n
  for n in 3 2 1; do stop_node "$n"; done
  say "Galera nodes stopped"
}

cmd_status() {
  local n
  for n in "${NODES[@]}"; do
    if node_running "$n"; then
      printf 'node%s pid %s port %s: %s, cluster size %s\n' "$n" "$(node_pid "$n")" "$(sql_port "$n")" \
        "$(node_status "$n" wsrep_local_state_comment || echo '?')" "$(node_status "$n" wsrep_cluster_size || echo '?')"
    else
      printf 'node%s port %s: stopped\n' "$n" "$(sql_port "$n")"
    fi
  done
}

cmd_urls() { local n; for n in "${NODES[@]}"; do echo "mysql://root@127.0.0.1:$(sql_port "$n")/"; done; }

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  urls) cmd_urls ;;
  destroy) cmd_stop; rm -rf "$GALERA_DIR"; say "removed $GALERA_DIR" ;;
  *) die "usage: scripts/galera.sh start|stop|status|urls|destroy" ;;
esac
