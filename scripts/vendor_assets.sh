#!/usr/bin/env bash
# Re-fetch the third-party browser libraries that the web UI of `dateline serve` ships in
# dateline/serve/static/vendor/. The UI loads nothing from the internet: these files are
# committed and packaged; this script only documents and reproduces how they were obtained.
#
# Source: the npm registry, through `npm pack` (no install scripts run), exact versions,
# each tarball checked against the SHA-256 recorded below before anything is copied.
# Usage: scripts/vendor_assets.sh            (needs node/npm; writes into the vendor dir)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/dateline/serve/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# name  version  sha256-of-tarball
PACKAGES=(
  "uplot           1.6.32 4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d"
  "cytoscape       3.34.4 0d02363d99d805ce8d91fdecab7b2a8cb91ee280d67f309ce44c161d117b4679"
  "d3-array        3.2.5  90139c20a9a7678badb0ddeb9aafd504c935dc24f5a53c3e61ccf866e4479572"
  "d3-geo          3.1.2  e0ffa43f5a2134cf03d2797e985025250d8d3608b1d90336938c9dd4d4b97dc7"
  "topojson-client 3.1.0  889fadb422f6236d0f8337a236ce6499f258b75e44b81733b13bd971067322bf"
  "world-atlas     2.0.2  032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
)

fetch() {  # name version sha256 -> unpacked into $WORK/<name>/package
  local name=$1 version=$2 sum=$3
  (cd "$WORK" && npm pack --silent "$name@$version" >/dev/null)
  local tgz="$WORK/$name-$version.tgz"
  echo "$sum  $tgz" | sha256sum --check --quiet
  mkdir -p "$WORK/$name"
  tar xzf "$tgz" -C "$WORK/$name"
}

copy() {  # name dest-dir files... (relative to the package root); LICENSE always
  local name=$1 dest="$VENDOR/$2"
  shift 2
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$WORK/$name/package/LICENSE" "$dest/LICENSE"
  for f in "$@"; do cp "$WORK/$name/package/$f" "$dest/"; done
}

for row in "${PACKAGES[@]}"; do
  # shellcheck disable=SC2086
  fetch $row
done

copy uplot uplot dist/uPlot.iife.min.js dist/uPlot.min.css
copy cytoscape cytoscape dist/cytoscape.min.js
copy d3-array d3-array dist/d3-array.min.js
copy d3-geo d3-geo dist/d3-geo.min.js
copy topojson-client topojson-client dist/topojson-client.min.js
copy world-atlas world-atlas countries-110m.json

{
  echo "Vendored by scripts/vendor_assets.sh from the npm registry (npm pack, SHA-256 checked):"
  for row in "${PACKAGES[@]}"; do
    # shellcheck disable=SC2086
    set -- $row
    echo "  $1@$2"
  done
} >"$VENDOR/VERSIONS.txt"
echo "vendored into $VENDOR"
