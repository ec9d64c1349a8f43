#!/usr/bin/env bash
# The release build users run (scripts/keyshare, the README's first command) on real rollouts: the
# Swift suites run a debug build, and an optimizer-only fault once turned a 1,000-account run's key
# pool into one key. Runs the quick start, then the shipped playbook over a 1,000-account world with
# its journal, and a second run that must change nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
playbook=plugins/ecs-key-sharing/examples/share-disk-key.lua

expect() {
    local what="$1" pattern="$2" log="$3"
    if ! grep -qE "$pattern" "$log"; then
        echo "release smoke: $what: expected /$pattern/ in its output:" >&2
        tail -n 20 "$log" >&2
        return 1
    fi
}

scripts/keyshare run "$playbook" >"$work/quick.log" 2>&1 || { tail -n 20 "$work/quick.log" >&2; exit 1; }
expect "the quick start" '20 targets: 20 changed, 0 unchanged, 0 failed' "$work/quick.log"

keyshare="$root/.build/release/keyshare"
"$keyshare" sim init --accounts 1000 --output "$work/world.yaml" >/dev/null
run() {
    "$keyshare" run --world "$work/world.yaml" --state "$work/state.sqlite" --param folder= "$playbook" >"$1" 2>&1 || true
}
run "$work/first.log"
expect "1,000 accounts over a pool of 3 keys" '1000 targets: 1000 changed, 0 unchanged, 0 failed' "$work/first.log"
run "$work/second.log"
expect "a second run of the same playbook" '1000 targets: 0 changed, 1000 unchanged, 0 failed' "$work/second.log"
if ls "$work"/*.log-* >/dev/null 2>&1; then
    echo "release smoke: a finished run left its journal log behind: $(ls "$work")" >&2
    exit 1
fi
echo "release smoke: quick start, 1,000 accounts with the journal, and an unchanged second run"
