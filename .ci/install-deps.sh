#!/usr/bin/env bash
# Everything Klaxon needs from Debian beyond Node.js. Idempotent; run as root (CI) or via sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
# Browser for the Playwright e2e tests; pg_dump/pg_restore/psql of the embedded server's major version (15) for backups.
$SUDO apt-get install -y -qq --no-install-recommends chromium postgresql-client-15
# SNMP peers for intake tests and the benchmark (snmptrap, snmptrapd).
$SUDO apt-get install -y -qq --no-install-recommends snmp snmptrapd
# PTY pairs for the modem simulators.
$SUDO apt-get install -y -qq --no-install-recommends socat
# pppd for RAS/PPP (its launch is tested; a link needs kernel PPP, absent in containers).
$SUDO apt-get install -y -qq --no-install-recommends ppp
# A real IMAP server (Dovecot) for the acknowledge-by-reply tests; they run it with their own config.
$SUDO apt-get install -y -qq --no-install-recommends dovecot-imapd
