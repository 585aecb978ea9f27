#!/bin/bash
# alternating GC-setting variants of the V check, cold process each
for r in 1 2 3; do
 for v in base retainvm gen64 gen16 nolimit; do
  case $v in
   base) e=();; retainvm) e=(DOTNET_GCRetainVM=1);; gen64) e=(DOTNET_GCgen0size=0x4000000);; gen16) e=(DOTNET_GCgen0size=0x1000000);; nolimit) e=(DOTNET_GCHeapHardLimit=0);;
  esac
  l=$(cut -d' ' -f1 /proc/loadavg)
  out=$(perf stat -e task-clock,page-faults -x, -o /tmp/hvstep/perf.tmp ./tc.sh base ${1:-v} "${e[@]}" 2>&1 | grep -E "^[12]\s" | awk -F'\t' '{print $1, $3, $4, $5}' | tr '\n' ' ')
  pc=$(awk -F, '/task-clock/{printf "%.0f ms", $1} /page-faults/{printf " %s pf", $1}' /tmp/hvstep/perf.tmp)
  echo "$r $v load $l | $out | proc $pc"
 done
done
