#!/usr/bin/env bash
# Installs the Debian packages nkwatch needs when they are missing (needs root, as on CI).
#   base (make demo): Node.js and npm (the dashboard's assets come from npm), Pango and fonts
#                     (WeasyPrint's PDF briefings)
#   test (make test): base, plus PostgreSQL server binaries (a throwaway cluster when no server
#                     answers on 127.0.0.1:5432), Chromium (the browser tests drive
#                     /usr/bin/chromium through Playwright; no browser is downloaded) and
#                     poppler-utils (pdftotext/pdftoppm for the briefing checks)
set -euo pipefail
mode="${1:-test}"
need=()
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
if [ "$mode" = test ]; then
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1; then
    need+=(postgresql)
  fi
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
