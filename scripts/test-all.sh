#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, then runs every check Kept has:
# lint (with the domain-purity dependency rules), typecheck, and the whole vitest suite, integration tests included.
# Usage: bash scripts/test-all.sh      (as root, or with sudo available, for the Debian packages)
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the integration tests start for real, keyed by the binary each provides.
declare -A PACKAGES=(
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [influxd]=influxdb
  [influx]=influxdb-client
  [chromium]=chromium
  [dovecot]=dovecot-imapd
  [/usr/lib/dovecot/lmtp]=dovecot-lmtpd
  [sievec]=dovecot-sieve
  [smtpd]=opensmtpd
  [sipp]=sip-tester
  [espeak-ng]=espeak-ng
  [flite]=flite
  [text2wave]=festival
  [/usr/share/festival/voices/english/kal_diphone]=festvox-kallpc16k
  [sox]=sox
  [redis-server]=redis-server
  [pg_ctlcluster]=postgresql
  [openssl]=openssl
)
missing=()
for binary in "${!PACKAGES[@]}"; do
  if [[ "$binary" == /* ]]; then [ -e "$binary" ] && continue; else command -v "$binary" >/dev/null 2>&1 && continue; fi
  missing+=("${PACKAGES[$binary]}")
done
if ((${#missing[@]} > 0)); then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
npm run lint
npm run typecheck
# Pass 1: everything that does not measure time, test files in parallel.
npx vitest run --exclude 'test/**/*.e2e.test.ts' --exclude 'test/**/*.timing.test.ts'
# Pass 2: end-to-end runs and timing-accuracy tests, one file at a time, so their measurements are not disturbed by
# other test files competing for the machine's cores.
npx vitest run --no-file-parallelism e2e.test timing.test
