#!/usr/bin/env bash
# Installs the Debian packages snnaudio uses at run time and in tests (espeak-ng for the synthetic
# digit set, python3-h5py for NIR interoperability checks). Skips what is already there.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
/usr/bin/python3 -c 'import h5py' >/dev/null 2>&1 || need+=(python3-h5py python3-numpy)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing: ${need[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
