#!/bin/sh
# Builds dist/wxhook: a release binary with the Swift runtime and Foundation linked in
# (--static-swift-stdlib), so a Debian or Ubuntu server runs it without the Swift toolchain.
# What it still loads from the system is checked: libc and friends, libsqlite3, and the few
# libraries Foundation's networking needs (libcurl, libxml2, zlib) — never a libswift*.
# Linking Foundation statically needs the development files of what it calls: on Debian,
# apt install libsqlite3-dev libcurl4-openssl-dev libxml2-dev.
#   deploy/build.sh             then: deploy/package-deb.sh
set -eu
cd "$(dirname "$0")/.."

scratch=.build-release   # apart from .build, so a release build leaves the debug one alone
swift build -c release --static-swift-stdlib --product wxhook --scratch-path "$scratch"
mkdir -p dist
cp "$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/wxhook" dist/wxhook
chmod 0755 dist/wxhook

libraries=$(ldd dist/wxhook)
if printf '%s\n' "$libraries" | grep -E 'libswift|libFoundation|libdispatch|not found' >&2; then
    echo "build.sh: dist/wxhook still needs the libraries above; a server without the toolchain lacks them" >&2
    exit 1
fi
printf '%s\n' "$libraries"
echo "dist/wxhook $(dist/wxhook --version), $(wc -c < dist/wxhook) bytes"
