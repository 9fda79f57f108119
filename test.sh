#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET 10 SDK (as root).
# Installs what the tests need (Debian's Chromium for the browser tests) when it is missing,
# then builds and runs every test. Ends with one line: "N passed, N failed".
#
#   ./test.sh                                  # everything
#   ./test.sh --filter "Category!=E2E"         # any extra arguments go to `dotnet test`
set -uo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium (Debian package) for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y chromium >/tmp/kp-chromium.log 2>&1 \
      || { apt-get update >>/tmp/kp-chromium.log 2>&1 && apt-get install -y chromium >>/tmp/kp-chromium.log 2>&1; } \
      || { echo "could not install chromium; see /tmp/kp-chromium.log"; }
  else
    echo "not root: install Debian's chromium package yourself (apt-get install -y chromium)"
  fi
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet test KalshiPortfolio.slnx \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m \
  "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A build failure or a crashed test host produces no (or incomplete) results: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
