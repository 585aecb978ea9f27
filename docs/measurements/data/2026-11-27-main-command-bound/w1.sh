#!/bin/bash
# usage: w1.sh tag [-e VAR=VAL ...]
tag=$1; shift
cd /work/main
F="FullyQualifiedName~HeidelbergVTrainingQualityTests|FullyQualifiedName~DtuToyDataTrainingQualityTests|FullyQualifiedName~InnTrainingQualityTests"
s=$(date +%s.%N)
perf stat -x, -e task-clock -o /tmp/mc/w1-$tag.perf dotnet test Tests/Grader.Reference.Tests --no-build --filter "$F" "$@" > /tmp/mc/w1-$tag.log 2>&1
e=$(date +%s.%N)
echo "$tag cpu=$(tail -1 /tmp/mc/w1-$tag.perf | cut -d, -f1 | awk '{printf "%.1f",$1/1000}') wall=$(echo "$e-$s"|bc|cut -c1-5) $(grep -E 'Passed!|Failed!' /tmp/mc/w1-$tag.log | cut -c1-60) load=$(cut -d' ' -f1 /proc/loadavg)"
