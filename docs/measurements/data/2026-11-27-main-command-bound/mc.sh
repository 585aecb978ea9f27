#!/bin/bash
# usage: mc.sh tree tag [env...]  — the README main command (every check) from a build's Debug output, seed fixed
tree=$1; tag=$2; shift 2
cd $tree
rm -rf /tmp/mc/o-$tag
s=$(date +%s.%N)
env "$@" perf stat -x, -e task-clock -o /tmp/mc/p-$tag.txt dotnet Graders/Cli/bin/Debug/net10.0/grader.dll grade fixtures/handins --out /tmp/mc/o-$tag --seed 7257578791969932203 --plain > /tmp/mc/l-$tag.txt 2>&1
e=$(date +%s.%N)
echo "$tag $(grep -o 'in [0-9.]* s' /tmp/mc/l-$tag.txt | head -1) wall=$(echo "$e-$s"|bc|cut -c1-6) cpu=$(tail -1 /tmp/mc/p-$tag.txt | cut -d, -f1 | awk '{printf "%.1f",$1/1000}') load=$(cut -d' ' -f1-3 /proc/loadavg) $(date +%H:%M:%S)"
