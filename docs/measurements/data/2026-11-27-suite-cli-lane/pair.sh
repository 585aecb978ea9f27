#!/bin/bash
# usage: pair.sh TAG FILTER  -- runs before (bin/before) and after (bin/Debug) side by side, one second apart
tag=$1; filter=$2; first=${3:-before}
cd /work/wt-hsuite7c
export GRADER_REQUIRE_SANDBOX=1 GRADER_REQUIRE_CHROMIUM=1
run() { # which
  local which=$1 dll
  if [ $which = before ]; then dll=Tests/Grader.Cli.Tests/bin/before/Grader.Cli.Tests.dll; else dll=Tests/Grader.Cli.Tests/bin/Debug/net10.0/Grader.Cli.Tests.dll; fi
  perf stat -e task-clock -o /tmp/hs7c-$tag-$which.perf dotnet test $dll --filter "$filter" --logger "trx;LogFileName=/tmp/hs7c-$tag-$which.trx" --logger "console;verbosity=normal" > /tmp/hs7c-$tag-$which.log 2>&1
}
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > /tmp/hs7c-$tag.summary
if [ $first = before ]; then run before & sleep 1; run after & else run after & sleep 1; run before & fi
while [ $(jobs -r | wc -l) -gt 0 ]; do sleep 15; cut -d' ' -f1 /proc/loadavg >> /tmp/hs7c-$tag.loads; done
wait
for w in before after; do echo "$w: $(grep task-clock /tmp/hs7c-$tag-$w.perf | awk '{print $1}') ms task-clock, $(grep 'seconds time elapsed' /tmp/hs7c-$tag-$w.perf | awk '{print $1}') s wall; $(grep -a -E "(Passed|Failed|Skipped): " /tmp/hs7c-$tag-$w.log | tr -s " " | tr "\n" " ")" >> /tmp/hs7c-$tag.summary; done
echo "end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg); loads sampled: $(sort -n /tmp/hs7c-$tag.loads | sed -n '1p;$p' | tr '\n' ' ')" >> /tmp/hs7c-$tag.summary
