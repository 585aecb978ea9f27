#!/bin/bash
# usage: run.sh <build> <handins> <tag> — the README's main command (sheet 000, every check, bubblewrap, -j 2) without
# dotnet run's build check, over a Graders/Cli Debug output copied aside (/tmp/htrain/gbase = main 55c3059's,
# /tmp/htrain/gbranch = this branch's), the lead's seed; CPU of the whole tree by perf stat (round 6's run.sh)
b=$1; h=$2; tag=$3
out=/tmp/htrain/out-$tag
rm -rf $out
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/htrain/log.txt
perf stat -e task-clock -x, -o /tmp/htrain/perf-$tag.txt dotnet /tmp/htrain/$b/grader.dll grade $h --out $out --seed 7257578791969932203 --plain > /tmp/htrain/stdout-$tag.txt 2>&1
rc=$?
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $rc" >> /tmp/htrain/log.txt
