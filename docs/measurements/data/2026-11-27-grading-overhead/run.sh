#!/bin/bash
# usage: run.sh <tooldir-with-grader.dll> <handins> <tag> [extra env assignments...] -- [extra grade args]
t=$1; h=$2; tag=$3; shift 3
envs=(); while [ $# -gt 0 ] && [ "$1" != "--" ]; do envs+=("$1"); shift; done; [ "$1" = "--" ] && shift
out=/tmp/houtside/out-$tag
rm -rf $out
echo "start $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) env ${envs[*]} args $*" >> /tmp/houtside/log.txt
env "${envs[@]}" perf stat -e task-clock -x, -o /tmp/houtside/perf-$tag.txt dotnet $t/grader.dll grade $h --out $out --seed 7257578791969932203 --plain "$@" > /tmp/houtside/stdout-$tag.txt 2>&1
rc=$?
echo "end $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $rc cpu $(grep task-clock /tmp/houtside/perf-$tag.txt | cut -d, -f1) $(grep -o 'graded in [0-9.]* s' /tmp/houtside/stdout-$tag.txt | tail -1)" >> /tmp/houtside/log.txt
