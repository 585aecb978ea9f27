#!/bin/bash
cd /work/wt-hstats
echo "start prof $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> /tmp/hstats/log.txt
DOTNET_PerfMapEnabled=1 perf record -g -F 299 -o /tmp/hstats/prof.data -- dotnet /tmp/hstats/base/grader.dll grade fixtures/handins --out /tmp/hstats/out-prof --seed 7257578791969932203 --plain > /tmp/hstats/stdout-prof.txt 2>&1
echo "end prof $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg) rc $?" >> /tmp/hstats/log.txt
