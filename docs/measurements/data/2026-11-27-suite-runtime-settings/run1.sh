#!/usr/bin/env bash
# run1.sh TAG PROJECT FILTER [ENV=VAL ...]: one dotnet test --no-build under perf stat (task-clock of the whole tree)
tag=$1; proj=$2; filter=$3; shift 3
envargs=()
for e in "$@"; do envargs+=(-e "$e"); done
cd /work/wt-hsuite6
out=/tmp/hs6/$tag
start=$(date +%s.%N)
l0=$(cut -d' ' -f1 /proc/loadavg)
perf stat -e task-clock -x, -o $out.perf dotnet test $proj --no-build --filter "$filter" "${envargs[@]}" > $out.log 2>&1
rc=$?
end=$(date +%s.%N)
l1=$(cut -d' ' -f1 /proc/loadavg)
cpu=$(grep task-clock $out.perf | cut -d, -f1)
res=$(grep -E "^(Passed|Failed)!" $out.log | head -1)
printf "%s\t%s\tcpu_s=%.1f\twall_s=%.0f\tload=%s-%s\trc=%s\t%s\n" "$tag" "$*" "$(echo "$cpu/1000" | bc -l)" "$(echo "$end-$start" | bc -l)" "$l0" "$l1" "$rc" "$res" >> /tmp/hs6/results.tsv
