#!/bin/bash
# usage: mutant.sh M1..M4 : break one path, build Metrics, run the Metrics tests with that dll, restore
cd /work/wt-hstats
python3 /tmp/hstats/mutants.py $1 || exit 1
git diff --stat Reference/Metrics
dotnet build -v q Reference/Metrics 2>&1 | grep -E " error |rror\(s\)"
cp Reference/Metrics/bin/Debug/net10.0/Grader.Metrics.dll Tests/Grader.Reference.Tests/bin/Debug/net10.0/Grader.Metrics.dll
dotnet test Tests/Grader.Reference.Tests --no-build --filter "FullyQualifiedName~Grader.Reference.Tests.Metrics" 2>&1 | grep -E "^\s+Failed |Passed!|Failed!" 
git checkout Reference/Metrics
