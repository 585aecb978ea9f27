#!/bin/bash
# usage: run.sh <tooldir-with-grader.dll> <tag> <quick|full>
# whole-tree CPU (perf stat task-clock over grader grade and everything it starts) and the compile server's CPU
# (its /proc/<pid>/stat utime+stime, polled every 0.5 s; the server idles after the cohort's last compile).
t=$1; tag=$2; kind=$3; R=/tmp/hc/runs
out=$R/out-$tag; rm -rf $out
if [ $kind = quick ]; then args=(--skip-check diffusion.heidelberg.v-training-quality --skip-check flows.heidelberg.inn-training-quality --call-cpu 2 -j 2 --seed 8675309)
else args=(--seed 7257578791969932203); fi
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $R/log.txt
perf stat -e task-clock -x, -o $R/perf-$tag.txt dotnet $t/grader.dll grade /work/wt-hcompile/fixtures/handins --out $out --plain "${args[@]}" > $R/stdout-$tag.txt 2>&1 &
pp=$!
tick=$(getconf CLK_TCK); last=""; spid=""
while kill -0 $pp 2>/dev/null; do
  if [ -z "$spid" ]; then spid=$(for p in $(pgrep -f -- "--compile$"); do [ "$(cat /proc/$p/comm 2>/dev/null)" = dotnet ] && tr '\0' ' ' < /proc/$p/cmdline | grep -q "$t" && echo $p; done | head -1); fi
  if [ -n "$spid" ] && [ -r /proc/$spid/stat ]; then v=$(awk '{print $14+$15}' /proc/$spid/stat 2>/dev/null); [ -n "$v" ] && last=$v; fi
  sleep 0.5
done
wait $pp; rc=$?
srv=$(python3 -c "print(f'{${last:-0}/$tick:.2f}')")
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $rc cpu $(grep task-clock $R/perf-$tag.txt | cut -d, -f1) server-cpu-s $srv server-pid $spid $(grep -o 'graded in [0-9.]* s' $R/stdout-$tag.txt | tail -1)" >> $R/log.txt
