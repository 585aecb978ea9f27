#!/bin/bash
# usage: mp.sh TAG "chromium args"
tag=$1; export XX_CHROMIUM_ARGS="$2"; [ -n "$3" ] && export XX_CHROMIUM_EXE="$3"; [ -n "$4" ] && export XX_W=$4 XX_H=$5
cd /work/wt-hsuite7c
rm -f /tmp/hs7c.stop.$tag; python3 /tmp/hsuite7c-sampler.py /tmp/hs7c.stop.$tag /tmp/hs7c-$tag.cpu &
l0=$(cut -d' ' -f1 /proc/loadavg)
GRADER_REQUIRE_SANDBOX=1 GRADER_REQUIRE_CHROMIUM=1 perf stat -e task-clock -o /tmp/hs7c-$tag.perf dotnet test Tests/Grader.Cli.Tests --no-build --filter "FullyQualifiedName~ManualPathEndToEndTests" --logger "console;verbosity=detailed" > /tmp/hs7c-$tag.log 2>&1
touch /tmp/hs7c.stop.$tag; sleep 1
l1=$(cut -d' ' -f1 /proc/loadavg)
chrom=$(grep new /tmp/hs7c-$tag.cpu | grep chromium | awk '{s+=$1} END {print s}')
echo "$tag args='$2' load $l0-$l1 $(grep -a -o 'Passed: [0-9]*\|Failed: [0-9]*' /tmp/hs7c-$tag.log | tr '\n' ' ') task-clock $(grep task-clock /tmp/hs7c-$tag.perf | awk '{print $1}') chromium $chrom scoring $(grep -a 'PHASE scoring' /tmp/hs7c-$tag.log | awk '{print $5}')"
