#!/usr/bin/env bash
# Install the system packages the site (serve), the whole test suite (test) or the PDF (pdf) needs, on
# Debian/Ubuntu: only what is missing, with apt-get as root or through sudo. Without either,
# stop and say exactly what to install.
set -euo pipefail
what=${1:-test}

# command -> Debian package
declare -A serve_pkgs=(
  [git]=git [npm]=npm [node]=nodejs
)
declare -A test_pkgs=(
  [redis-server]=redis-server [redis-cli]=redis-tools [redis-benchmark]=redis-tools
  [mariadbd]=mariadb-server [mariadb]=mariadb-client
  [etcd]=etcd-server [etcdctl]=etcd-client
  [go]=golang-go [sysbench]=sysbench [pdftotext]=poppler-utils
  [valgrind]=valgrind [callgrind_control]=valgrind [gcc]=gcc
)

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
for cmd in "${!serve_pkgs[@]}"; do have "$cmd" || missing+=("${serve_pkgs[$cmd]}"); done
if [ "$what" = test ]; then
  for cmd in "${!test_pkgs[@]}"; do have "$cmd" || missing+=("${test_pkgs[$cmd]}"); done
  [ -f /usr/include/stdio.h ] || missing+=(libc6-dev)   # C headers for the clone(2) demonstration
fi
if [ "$what" = test ] || [ "$what" = pdf ]; then
  # A Chromium for the browser tests (Debian: chromium; GitHub's Ubuntu runners ship google-chrome).
  have chromium || have google-chrome || have chromium-browser || missing+=(chromium)
  # CJK fonts so Chinese renders in the browser tests and the PDF.
  # (grep without -q reads all of fc-list's output: under pipefail an early exit would fail the pipe)
  fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null || missing+=(fonts-noto-cjk)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
