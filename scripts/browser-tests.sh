#!/usr/bin/env bash
# End-to-end browser tests of `dyad serve` (tests/browser/workbench.test.mjs):
# builds the dyad binary and the demo-store example, then runs the tests in
# headless Debian Chromium through playwright-core. Screenshots land in
# tests/browser/screenshots/ (ignored by git).
#
# Installs nothing. Beforehand (as .ci/run does):
#   apt-get install -y chromium
#   (cd tests/browser && npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_path="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_path" ]; then
    echo "browser-tests: $chromium_path not found; install Debian's chromium (apt-get install -y chromium)" >&2
    exit 1
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
    echo "browser-tests: playwright-core is not installed; run 'npm ci' in tests/browser" >&2
    exit 1
fi

cargo build -p dyad-cli
cargo build -p dyad-server --example demo_store

target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac

cd tests/browser
DYAD_BIN="$target/debug/dyad" \
DYAD_DEMO_STORE="$target/debug/examples/demo_store" \
CHROMIUM="$chromium_path" \
    node --test --test-concurrency=1 --test-reporter=spec workbench.test.mjs
