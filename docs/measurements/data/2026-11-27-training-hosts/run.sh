#!/bin/bash
# usage: run.sh <build> <handins> <tag> — the README's main command (sheet 000, every check, bubblewrap, -j 2) without
# dotnet run's build check, over a build copied aside (/tmp/hvstep/gbase = main 3cfa0ca, /tmp/hvstep/gbranch = this
# branch), with the lead's seed; CPU of the whole tree by perf stat (round 6's run.sh, another seed and folder)
b=$1; h=$2; tag=$3
out=/tmp/hvstep/out-$tag
rm -rf $out
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/hvstep/log.txt
perf stat -e task-clock -x, -o /tmp/hvstep/perf-$tag.txt dotnet /tmp/hvstep/$b/grader.dll grade $h --out $out --seed 7257578791969932203 --plain > /tmp/hvstep/stdout-$tag.txt 2>&1
rc=$?
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $rc" >> /tmp/hvstep/log.txt
