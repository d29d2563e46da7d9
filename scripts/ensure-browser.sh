#!/usr/bin/env bash
# The build draws Mermaid diagrams and prints the PDFs in Debian's Chromium, and the browser
# tests drive it
# (Playwright's own browser download is not used). Diagram labels are measured with the
# site's font stack (Helvetica, Arial: Liberation Sans has their metrics), Chinese text with a
# CJK font. Install what is missing, and only that.
set -euo pipefail
# Chromium is $CHROMIUM when set (another Chromium or Chrome), else the first path of
# sitebuild/chromium-paths.txt that exists: the same lookup as the build's and the tests'
# (sitebuild/browser.py). Read with bash's own `read`: this runs before Python is set up.
# (fc-list is read whole: `fc-list | grep -q` under pipefail fails when grep stops reading early.)
fonts=$(fc-list 2>/dev/null || true)
packages=()
have_chromium() {
  if [ -n "${CHROMIUM:-}" ]; then [ -x "$CHROMIUM" ]; return; fi
  local path here=${BASH_SOURCE[0]%/*}
  [ "$here" = "${BASH_SOURCE[0]}" ] && here=.
  while read -r path; do [ -x "$path" ] && return 0; done <"$here/../sitebuild/chromium-paths.txt"
  return 1
}
have_chromium || packages+=(chromium)
grep -qi "Noto Sans CJK" <<<"$fonts" || packages+=(fonts-noto-cjk)
grep -qi "Liberation Sans" <<<"$fonts" || packages+=(fonts-liberation)
# The PDFs (scripts/build_pdf.py) print Chinese in a font with TrueType outlines, which Chromium
# embeds by name, and their tests read them with poppler's pdftotext and pdffonts.
grep -qi "WenQuanYi Micro Hei" <<<"$fonts" || packages+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null || packages+=(poppler-utils)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
else
  echo "The build and the browser tests need Chromium and fonts: apt-get install ${packages[*]}" >&2
  echo "(elsewhere: python -m playwright install chromium, or name a Chromium in \$CHROMIUM)" >&2
  exit 1
fi
