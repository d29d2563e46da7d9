#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download is not used)
# and need a CJK font for Chinese screenshots. Install both when they are missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
packages=(chromium fonts-noto-cjk)
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
else
  echo "The browser tests need Chromium and a CJK font: apt-get install ${packages[*]}" >&2
  exit 1
fi
