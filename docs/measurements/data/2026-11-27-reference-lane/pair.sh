#!/bin/bash
# usage: pair.sh NAME FILTER FIRST(before|after) [AFTER_DIR]
# Runs the same filter on bin/before (main's build) and bin/<AFTER_DIR> (this branch's), started one second apart,
# each under perf stat -e task-clock (the whole process tree of dotnet test).
cd /work/wt-hsuite7r/Tests/Grader.Reference.Tests
name=$1; filter=$2; first=$3; afterdir=${4:-after}
second=$([ "$first" = before ] && echo after || echo before)
out=/tmp/h7r/runs/$name; mkdir -p $out
dir() { [ "$1" = before ] && echo before || echo $afterdir; }
run() { perf stat -e task-clock -x, -o $out/$1.perf dotnet test bin/$(dir $1)/Grader.Reference.Tests.dll ${filter:+--filter "$filter"} --logger "trx;LogFileName=$out/$1.trx" > $out/$1.log 2>&1; echo "rc=$?" >> $out/$1.log; }
echo "start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > $out/meta
run $first & sleep 1; run $second & wait
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out/meta
