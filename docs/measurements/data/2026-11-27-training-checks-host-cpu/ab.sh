#!/bin/bash
# usage: ab.sh <only> <pairs> <buildA> <buildB> [env...] — alternating cold runs, rounds 2, one line per check run
only=$1; pairs=$2; a=$3; b=$4; shift 4
for i in $(seq 1 $pairs); do
  for build in $a $b; do
    echo "== $build $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    /tmp/htrain/tc.sh /tmp/htrain/$build $only 2 "$@" 2>&1 | grep -v "^#" | cut -f1-5
  done
done
