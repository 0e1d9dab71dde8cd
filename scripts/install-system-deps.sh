#!/bin/sh
# System packages the tests need: Debian's Chromium for the browser tests and fonts
# with French accents. Runs as root (CI) or through sudo.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
