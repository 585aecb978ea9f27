#!/bin/bash
# The whole Grader.Cli.Tests project on this branch's build, in a cpuacct cgroup of its own, sampled every second.
cg=/sys/fs/cgroup/cpuacct/hsuite7c-whole
mkdir -p $cg
cd /work/wt-hsuite7c
out=/tmp/hs7c-whole
( while [ ! -e $out.done ]; do echo "$(date +%s.%N) $(cat $cg/cpuacct.usage) $(cut -d' ' -f1 /proc/loadavg)" >> $out.cpu; sleep 1; done ) &
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" > $out.summary
bash -c "echo \$\$ > $cg/tasks; export GRADER_REQUIRE_SANDBOX=1 GRADER_REQUIRE_CHROMIUM=1; exec perf stat -e task-clock -o $out.perf dotnet test Tests/Grader.Cli.Tests --no-build --logger 'trx;LogFileName=$out.trx' --logger 'console;verbosity=minimal'" > $out.log 2>&1
echo "rc $? end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> $out.summary
touch $out.done
