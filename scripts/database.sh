# Finds or makes the MariaDB/MySQL server the project uses. Sourced after lib.sh.
#   1. DATABASE_URL, if it answers;
#   2. a server on 127.0.0.1:3306 that lets root in without a password;
#   3. otherwise a private MariaDB owned by the project under .data/mariadb (own socket and port),
#      installed from Debian if needed. A system service is never touched.

PRIVATE_DB_DIR="${IXP_PRIVATE_DB_DIR:-$DATA_DIR/mariadb}"
PRIVATE_DB_PORT="${IXP_PRIVATE_DB_PORT:-3407}"
PRIVATE_DB_SOCKET="$PRIVATE_DB_DIR/mysqld.sock"

db_answers() { node "$ROOT/scripts/db-probe.mjs" "$1" >/dev/null 2>&1; }

private_db_running() { [ -f "$PRIVATE_DB_DIR/mysqld.pid" ] && kill -0 "$(cat "$PRIVATE_DB_DIR/mysqld.pid")" 2>/dev/null; }

start_private_mariadb() {
  apt_install mariadb-server
  local mariadbd install_db
  mariadbd="$(command -v mariadbd || echo /usr/sbin/mariadbd)"
  install_db="$(command -v mariadb-install-db || command -v mysql_install_db)"
  mkdir -p "$PRIVATE_DB_DIR"
  if [ ! -d "$PRIVATE_DB_DIR/data/mysql" ]; then
    say "initialising a private MariaDB in .data/mariadb"
    "$install_db" --no-defaults --datadir="$PRIVATE_DB_DIR/data" --user=root \
      --auth-root-authentication-method=normal --skip-test-db >"$PRIVATE_DB_DIR/install.log" 2>&1 \
      || { cat "$PRIVATE_DB_DIR/install.log"; die "mariadb-install-db failed"; }
  fi
  if ! private_db_running; then
    say "starting the private MariaDB on 127.0.0.1:$PRIVATE_DB_PORT"
    "$mariadbd" --no-defaults --user=root --datadir="$PRIVATE_DB_DIR/data" --socket="$PRIVATE_DB_SOCKET" \
      --port="$PRIVATE_DB_PORT" --bind-address=127.0.0.1 --pid-file="$PRIVATE_DB_DIR/mysqld.pid" \
      --log-error="$PRIVATE_DB_DIR/error.log" --skip-name-resolve --innodb-buffer-pool-size=256M \
      --max-connections=500 >/dev/null 2>&1 &
    for _ in $(seq 1 60); do
      db_answers "mysql://root@127.0.0.1:$PRIVATE_DB_PORT/" && return 0
      sleep 0.5
    done
    tail -20 "$PRIVATE_DB_DIR/error.log" >&2 || true
    die "the private MariaDB did not start"
  fi
}

stop_private_mariadb() {
  if private_db_running; then
    local pid; pid="$(cat "$PRIVATE_DB_DIR/mysqld.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# Prints the URL of the database to use: DATABASE_URL as given if it answers, else <server>/<default name>.
resolve_database_url() {
  local default_name="$1"
  if [ -n "${DATABASE_URL:-}" ]; then
    if db_answers "$DATABASE_URL"; then
      echo "$DATABASE_URL"
      return 0
    fi
    say "DATABASE_URL does not answer; looking for another database server" >&2
  fi
  echo "$(resolve_database_server)$default_name"
}

# Prints the server URL (no database name) to use, starting a private server if needed.
resolve_database_server() {
  if db_answers "mysql://root@127.0.0.1:3306/"; then
    echo "mysql://root@127.0.0.1:3306/"
    return 0
  fi
  start_private_mariadb >&2
  echo "mysql://root@127.0.0.1:$PRIVATE_DB_PORT/"
}
