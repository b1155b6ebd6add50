#!/usr/bin/env bash
# Installs the system packages the product and its tests need, when they are missing:
# gettext (compiles the translations), Chromium (browser tests), a CJK font (screenshots, PDFs),
# Pango (WeasyPrint draws PDFs with it), poppler-utils (pdftotext, the PDF tests read PDFs back),
# postgresql-client (pg_dump and pg_restore: `manage.py backup` and `restore` on PostgreSQL),
# Node.js and npm (`npm ci` installs axe-core, which the browser tests run on the pages).
set -euo pipefail
need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
[ -x /usr/bin/chromium ] || need+=(chromium)
# (grep without -q reads to the end: with -q it stops early and pipefail counts fc-list's SIGPIPE.)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep "libpangoft2-1.0.so.0" >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_dump >/dev/null 2>&1 || need+=(postgresql-client)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Please install these Debian packages first: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
