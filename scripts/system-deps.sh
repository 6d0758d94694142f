#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests (Playwright drives
# Debian's /usr/bin/chromium, never a downloaded browser), fonts with Vietnamese glyphs, and
# poppler-utils (pdftoppm: the form tests rasterise a PDF page to decode its QR code).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
[ -x /usr/bin/pdftoppm ] || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "system-deps: installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "!!! system-deps: missing ${missing[*]} and not root: run 'sudo apt-get install ${missing[*]}'" >&2
if [ "${CI:-}" = "true" ]; then exit 1; fi
