#!/bin/sh
# System packages the tests need: Debian's Chromium for the browser tests, fonts
# with French accents, PostgreSQL 15 with PostGIS 3 for the shared-server tests (they start
# a throwaway server: scripts/start-test-postgis.sh), and Node.js/npm when missing (for the
# map's JavaScript assets), and nginx for the reverse-proxy test (tests/browser/test_proxy_browser.py
# starts its own nginx on loopback, in the foreground; the packaged service is not used).
# Runs as root (CI) or through sudo.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
PACKAGES="chromium fonts-dejavu-core postgresql-15-postgis-3 nginx"
# Node.js brings npm, which installs Leaflet and its plugins (package-lock.json).
command -v npm >/dev/null || PACKAGES="$PACKAGES nodejs npm"
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
