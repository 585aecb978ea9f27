#!/bin/bash
# usage: run.sh <build> <handins> <tag>
b=$1; h=$2; tag=$3
out=/tmp/hvcost/out-$tag
rm -rf $out
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/hvcost/log.txt
perf stat -e task-clock -x, -o /tmp/hvcost/perf-$tag.txt dotnet /tmp/hvcost/$b/grader.dll grade $h --out $out --seed 8675309 --plain > /tmp/hvcost/stdout-$tag.txt 2>&1
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $?" >> /tmp/hvcost/log.txt
