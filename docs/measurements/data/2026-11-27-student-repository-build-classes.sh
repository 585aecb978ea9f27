#!/bin/bash
# usage: classes.sh <side> <worktree> : each class's `dotnet test --no-build` in a cgroup of its own (cgroup v1 cpuacct)
side=$1; wt=$2
cd $wt
for f in AssignedRepositorySelfCheckTests ToolPackageTests InstalledToolTests REST; do
  if [ $f = REST ]; then
    filter="(FullyQualifiedName~Assign|FullyQualifiedName~NoAnswersForStudentsTests)&FullyQualifiedName!~AssignedRepositorySelfCheckTests"
  else
    filter="FullyQualifiedName~$f"
  fi
  cg=/sys/fs/cgroup/cpuacct/hrepo-class-$side-$f; mkdir -p $cg
  load=$(cut -d' ' -f1 /proc/loadavg); t0=$(date +%s.%N)
  ( echo $BASHPID > $cg/tasks; exec dotnet test Tests/Grader.Cli.Tests --no-build --filter "$filter" ) > /tmp/hrepo-m/class-$side-$f.log 2>&1 < /dev/null; rc=$?
  t1=$(date +%s.%N); cpu=$(echo "scale=1; $(cat $cg/cpuacct.usage) / 1000000000" | bc); rmdir $cg 2>/dev/null
  summary=$(grep -E "^(Passed|Failed)!|Total tests|Passed:|Failed:" /tmp/hrepo-m/class-$side-$f.log | tr '\n' ' ' | tr -s ' ')
  echo "$side,$f,$rc,$(echo "scale=1; ($t1 - $t0)/1" | bc),$cpu,$load,$(date +%H:%M:%S),$summary" | tee -a /tmp/hrepo-m/classes.csv
done
echo CLASSESDONE
