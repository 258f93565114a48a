#!/usr/bin/env bash
# Runs every plugin script in this directory inside the kernel VM, prefixing each PASS/FAIL line with the
# script's name; exits 1 if any script failed. Expects the plugins in $CNI_BIN_DIR.
cd "$(dirname "$0")"
status=0
for script in *.sh; do
  case "$script" in lib.sh|run-all.sh) continue ;; esac
  name=${script%.sh}
  while IFS= read -r line; do
    case "$line" in
      PASS\ *|FAIL\ *) echo "${line%% *} $name/${line#* }" ;;
      *) echo "$line" ;;
    esac
  done < <(bash "./$script" 2>&1)
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
exit $status
