#!/bin/bash
# usage: mcd.sh tree tag — the README main command (every check), a drawn seed (no --seed)
tree=$1; tag=$2
cd $tree
rm -rf /tmp/mc/d-$tag
perf stat -x, -e task-clock -o /tmp/mc/pd-$tag.txt dotnet Graders/Cli/bin/Debug/net10.0/grader.dll grade fixtures/handins --out /tmp/mc/d-$tag --plain > /tmp/mc/ld-$tag.txt 2>&1
echo "$tag $(grep -o 'in [0-9.]* s' /tmp/mc/ld-$tag.txt | head -1) cpu=$(tail -1 /tmp/mc/pd-$tag.txt | cut -d, -f1 | awk '{printf "%.1f",$1/1000}') seed=$(cat /tmp/mc/d-$tag/seed.txt 2>/dev/null | head -1) load=$(cut -d' ' -f1-3 /proc/loadavg) $(date +%H:%M:%S)"
