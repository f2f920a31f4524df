#!/usr/bin/env bash
# Makes sure a headless browser is on the PATH for ReportBrowserTest and BookLayoutTest (the screenshot tests):
# prints the one it found, or installs Debian's chromium (as root, or with sudo), then says what it has.
# Exits 0 if a browser is available at the end, non-zero with a one-line reason otherwise.
set -u

# the names ReportBrowserTest looks for, in its order
BROWSERS=(chromium chromium-browser google-chrome)

find_browser() { # prints the path of the first browser on the PATH, or nothing
  local name
  for name in "${BROWSERS[@]}"; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if found=$(find_browser); then
  echo "setup-browser: found $found ($("$found" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: no browser on the PATH and no apt-get here; install chromium or google-chrome yourself" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "setup-browser: no browser on the PATH, and installing one needs root: run as root or install sudo" >&2
  exit 1
fi

echo "setup-browser: no browser on the PATH; installing Debian's chromium (a few minutes)"
# noninteractive: no debconf question may stall an unattended run
if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
   || ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; then
  echo "setup-browser: apt-get could not install chromium (see its output above)" >&2
  exit 1
fi

if found=$(find_browser); then
  echo "setup-browser: installed $found ($("$found" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
echo "setup-browser: chromium was installed but is not on the PATH (${PATH})" >&2
exit 1
