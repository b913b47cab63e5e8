#!/usr/bin/env bash
# Runs before `npm test`: the suites need Debian's PostgreSQL server binaries (a throwaway cluster), Chromium and a
# Thai font (the browser tests). Installs whichever is missing when it can; otherwise says what to install.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${TEST_DATABASE_URL:-}" ] || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# Thai needs a font of its own (Vietnamese is covered by the fonts Chromium brings): the browser test checks it.
[ -n "$(fc-list :lang=th family 2>/dev/null)" ] || need+=(fonts-thai-tlwg)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "The tests need these Debian packages: ${need[*]} (apt-get install ${need[*]})" >&2; exit 1
fi
echo "Installing ${need[*]} for the tests…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
