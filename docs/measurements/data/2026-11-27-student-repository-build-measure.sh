#!/bin/bash
# usage: measure.sh <side: before|after> <round>
# Assigns sheet 003 with the side's grader build, lays in the OdeSde correct example, then times with /usr/bin/time
# (user+sys of the whole process tree; --disable-build-servers so no compiler server's CPU escapes):
#   A: fresh repo, first `dotnet build`; then `dotnet test` after it; then a warm `dotnet test`
#   B: another fresh repo, first `dotnet test` (restore+build+test, as the test classes run it)
set -u
side=$1; round=$2
case $side in
  before) tool=/tmp/hrepo-before/Graders/Cli/bin/Debug/net10.0/grader.dll; from="" ;;
  after) tool=/tmp/hrepo-after-bin/grader.dll; from="--from /work/wt-hrepo" ;;
esac
base=/tmp/hrepo-m/$side-$round
rm -rf $base; mkdir -p $base
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The self-check's compile cache (HandinCompileCache: the user's local application data) per repository, as a student's own machine has it.
for r in A B; do
  (cd $base && dotnet $tool assign --sheet 003 --out repo$r $from > assign$r.log 2>&1) || { echo "assign failed"; cat $base/assign$r.log; exit 1; }
  cp /work/wt-hrepo/Submissions/Examples/OdeSde/Correct/*.cs $base/repo$r/Handin/
done
t() { # label, folder, verb: the step's CPU is its cgroup's (cgroup v1 cpuacct), so the test host and every child count
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local cg=/sys/fs/cgroup/cpuacct/hrepo-$side-$round-$1
  mkdir -p $cg
  local t0; t0=$(date +%s.%N)
  ( echo $BASHPID > $cg/tasks; exec dotnet $3 --disable-build-servers ) > $base/$1.log 2>&1 < /dev/null; local rc=$?
  local t1; t1=$(date +%s.%N)
  local cpu; cpu=$(echo "scale=2; $(cat $cg/cpuacct.usage) / 1000000000" | bc)
  rmdir $cg 2>/dev/null
  echo "$side,$round,$1,$rc,$(echo "scale=1; ($t1 - $t0)/1" | bc),$cpu,$load,$(date +%H:%M:%S)" | tee -a /tmp/hrepo-m/results.csv
}
cd $base/repoA && export XDG_DATA_HOME=$base/xdgA && t first-build . build && t test-after-build . test && t warm-test . test
cd $base/repoB && export XDG_DATA_HOME=$base/xdgB && t first-test . test
