#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Chromium (Playwright
# drives the system browser; never `npx playwright install`), fonts, and Slurm + munge (the
# Slurm executor is tested against a real single-node cluster). Idempotent.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-liberation)
command -v sbatch >/dev/null 2>&1 || need+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || [ -x /usr/sbin/munged ] || need+=(munge)
if [ ${#need[@]} -eq 0 ]; then
  echo "system deps: present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "system deps: missing ${need[*]} and not root (install them with apt-get)" >&2
    exit 1
  fi
fi
echo "system deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
