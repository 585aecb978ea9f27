#!/usr/bin/env bash
# lane.sh TAG PROJECT [ENV=VAL ...]: the whole project's dotnet test --no-build under perf stat, TRX, and the test host's CPU sampled every 2 s
tag=$1; proj=$2; shift 2
envargs=(); for e in "$@"; do envargs+=(-e "$e"); done
cd /work/wt-hsuite6
out=/tmp/hs6/$tag
rm -rf $out.trxdir; mkdir -p $out.trxdir
start=$(date +%s.%N); l0=$(cut -d' ' -f1 /proc/loadavg)
perf stat -e task-clock -x, -o $out.perf dotnet test $proj --no-build --logger "trx;LogFileName=$tag.trx" --results-directory $out.trxdir "${envargs[@]}" > $out.log 2>&1 &
ppid_=$!
tck=$(getconf CLK_TCK)
( while kill -0 $ppid_ 2>/dev/null; do
    for p in $(pgrep -f "testhost.dll"); do
      # a test host under this perf process
      a=$p; while [ "$a" -gt 1 ]; do [ "$a" = "$ppid_" ] && break; a=$(awk '{print $4}' /proc/$a/stat 2>/dev/null || echo 1); done
      [ "$a" = "$ppid_" ] && awk -v t=$(date +%s.%N) -v c=$tck -v l=$(cut -d' ' -f1 /proc/loadavg) '{printf "%s %d %.2f %s\n", t, $1, ($14+$15+$16+$17)/c, l}' /proc/$p/stat 2>/dev/null
    done
    sleep 2
  done ) > $out.samples &
wait $ppid_; rc=$?
end=$(date +%s.%N); l1=$(cut -d' ' -f1 /proc/loadavg)
cpu=$(grep task-clock $out.perf | cut -d, -f1)
res=$(grep -E "^(Passed|Failed)!" $out.log | head -1)
printf "%s\t%s\tcpu_s=%.1f\twall_s=%.0f\tload=%s-%s\trc=%s\t%s\n" "$tag" "$*" "$(echo "$cpu/1000" | bc -l)" "$(echo "$end-$start" | bc -l)" "$l0" "$l1" "$rc" "$res" >> /tmp/hs6/results.tsv
