#!/bin/bash
# usage: run.sh <tooldir-with-grader.dll> <tag>
# whole tree CPU by perf stat; the grader process's own CPU (utime+stime of /proc/<pid>/stat, last reading before it ends, 0.2 s polls)
t=$1; tag=$2
out=/tmp/hstats/out-$tag
rm -rf $out
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/hstats/log.txt
cd /work/wt-hstats
perf stat -e task-clock -x, -o /tmp/hstats/perf-$tag.txt dotnet $t/grader.dll grade fixtures/handins --out $out --seed 7257578791969932203 --plain > /tmp/hstats/stdout-$tag.txt 2>&1 &
ppid=$!
sleep 0.5
gp=$(pgrep -P $ppid -f grader.dll | head -1)
tck=$(getconf CLK_TCK); last=0
while kill -0 $gp 2>/dev/null; do
  v=$(awk '{print $14+$15}' /proc/$gp/stat 2>/dev/null) && [ -n "$v" ] && last=$v
  sleep 0.2
done
wait $ppid; rc=$?
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $rc tree $(grep task-clock /tmp/hstats/perf-$tag.txt | cut -d, -f1) ms grader $(echo "scale=2; $last/$tck" | bc) s $(grep -o 'graded in [0-9.]* s' /tmp/hstats/stdout-$tag.txt | tail -1)" >> /tmp/hstats/log.txt
