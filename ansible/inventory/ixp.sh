#!/bin/sh
# Ansible dynamic inventory: tunnel servers (POPs) and route servers straight from the IXP Portal database.
# Uses DATABASE_URL like every ixp command; passes --list / --host NAME through.
set -eu
repo="$(cd "$(dirname "$0")/../.." && pwd)"
exec node "$repo/bin/ixp.mjs" ansible inventory "$@"
