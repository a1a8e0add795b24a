#!/usr/bin/env bash
# The README's second command: install what the tests need and run every tier
# (typecheck, lint, unit, integration, network, browser, cluster). Leaves no database, namespace or process behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/database.sh"
cd "$ROOT"

started=$(date +%s)
git_before="$(git_status)"
require_node
# bird2/stayrtr/bgpq4: route servers; fping: monitoring; openvpn/iproute2/frr: tunnels and member configs;
# ansible-core: playbook checks; chromium: browser tests; mariadb-client: ixp db backup/restore (mariadb-dump, mariadb);
# haproxy: the web-replicas test puts two app processes behind it.
# bind9-utils (named-checkzone), bind9-dnsutils (dig, nsupdate), knot: reverse DNS; prometheus: the /metrics scrape test; nftables: the matrix test breaks a mesh link;
# tcpdump: the LAN watcher; mariadb-server galera-4 rsync: the cluster tier's three-node Galera cluster (scripts/galera.sh).
apt_install bird2 stayrtr bgpq4 fping iproute2 openvpn frr ansible-core chromium openssl curl procps tcpdump nftables prometheus bind9-utils bind9-dnsutils knot mariadb-client haproxy mariadb-server galera-4 rsync
npm_install

private_before=0
private_db_running && private_before=1
# The cluster tier starts scripts/galera.sh's nodes outside any tier's process tree.
galera_running() { bash "$ROOT/scripts/galera.sh" status 2>/dev/null | grep -q " pid "; }
galera_before=0
galera_running && galera_before=1
TEST_DATABASE_SERVER_URL="$(resolve_database_server)"
export TEST_DATABASE_SERVER_URL
side_pid=""
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  # A run cut short leaves no tier running behind it.
  if [ -n "$side_pid" ]; then kill_tree "$side_pid"; fi
  # Stop a private MariaDB, and the Galera nodes, only if this run started them.
  if [ "$private_before" -eq 0 ] && private_db_running; then stop_private_mariadb; fi
  if [ "$galera_before" -eq 0 ] && galera_running; then bash "$ROOT/scripts/galera.sh" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

export AUTH_SECRET="${AUTH_SECRET:-test-secret-0123456789abcdef0123456789abcdef}"
export IXP_TEST_RUN_ID="${IXP_TEST_RUN_ID:-$(node -e 'process.stdout.write(require("crypto").randomBytes(3).toString("hex"))')}"
RESULTS="$DATA_DIR/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

say "typecheck"
npx tsc --noEmit
say "lint"
npx eslint --max-warnings=0 .
say "building the app for the browser tier"
build_app
build_cli

run_tier() {
  npx vitest run --project "$1" --reporter=default --reporter=json --outputFile.json="$RESULTS/$1.json"
}

status=0
for tier in unit integration; do
  say "tests: $tier"
  run_tier "$tier" || status=1
done
# The network and cluster tiers mostly wait (BGP sessions, tunnels, state transfers) while the browser tier mostly
# computes, so they run side by side. The side run has its own run id: each vitest run removes the databases and
# namespaces of its own id when it ends. cluster starts scripts/galera.sh's cluster itself and stops what it started.
say "tests: browser, with network then cluster alongside (their output follows the browser tier's)"
side_run_id="$(node -e 'process.stdout.write(require("crypto").randomBytes(3).toString("hex"))')"
( rc=0
  IXP_TEST_RUN_ID="$side_run_id" run_tier network || rc=1
  IXP_TEST_RUN_ID="$side_run_id" run_tier cluster || rc=1
  exit $rc ) > "$RESULTS/network-cluster.log" 2>&1 &
side_pid=$!
run_tier browser || status=1
wait "$side_pid" || status=1
side_pid=""
say "tests: network, then cluster (ran alongside browser)"
cat "$RESULTS/network-cluster.log"

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(process.argv[1]).filter((name) => name.endsWith(".json"))) {
    const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
    passed += r.numPassedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
    // A file that failed to load has no failed test of its own: count it once.
    failed += r.numFailedTests || (r.success === false ? 1 : 0);
  }
  console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$RESULTS"
check_git_status_unchanged "$git_before" || status=1
say "took $(( $(date +%s) - started ))s"
exit $status
