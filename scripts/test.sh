#!/usr/bin/env bash
# Install what the tests need, then run them all. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# Debian packages: chromium for the browser tests, nginx for the classroom proxy tests,
# redis-server for the live class across replicas (tests/test_classroom.py, test_proxy_class.py),
# npm for axe-core (the accessibility test).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's ${missing[*]} for the tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "note: ${missing[*]} missing and cannot be installed here (not root); the tests" \
         "that need them are skipped" >&2
  fi
fi
# axe-core (npm, pinned in tests/e2e/package-lock.json) for the accessibility test: injected
# into the page from tests/e2e/node_modules, nothing fetched while the tests run.
if command -v npm >/dev/null; then
  npm install --prefix tests/e2e --no-audit --no-fund --silent >/dev/null
fi
exec python3 -m pytest "$@"
