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
TEST_DATABASE_SERVER_URL="$(resolve_database_server)"
export TEST_DATABASE_SERVER_URL
cleanup() {
  # Stop a private MariaDB only if this run started it.
  if [ "$private_before" -eq 0 ] && private_db_running; then stop_private_mariadb; fi
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

status=0
# cluster: starts scripts/galera.sh's cluster itself (or reuses a running one) and stops what it started.
for tier in unit integration network browser cluster; do
  say "tests: $tier"
  npx vitest run --project "$tier" --reporter=default --reporter=json --outputFile.json="$RESULTS/$tier.json" || status=1
done

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(process.argv[1])) {
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
