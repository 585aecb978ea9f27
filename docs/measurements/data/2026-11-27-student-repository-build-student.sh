#!/bin/bash
# As a student, in a sheet-003 repository from the after tool (after-2/repoA, the Correct example laid in and built):
set -x
cd /tmp/hrepo-m/after-2/repoA; export XDG_DATA_HOME=/tmp/hrepo-m/after-2/xdgA DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
M=/work/wt-hrepo/Submissions/Examples/OdeSde/Mutants
C=/work/wt-hrepo/Submissions/Examples/OdeSde/Correct
# 1. a broken hand-in: the mutant euler-wrong-end (the Euler step reads the field at the end of the step)
cp $M/euler-wrong-end/OdeIntegrator.cs Handin/
dotnet test --disable-build-servers > /tmp/hrepo-m/student-mutant.log 2>&1; echo "exit $?"
cp $C/OdeIntegrator.cs Handin/
# 2. an API the allowlist refuses
printf 'public static class Leak\n{\n    public static string Read() => System.IO.File.ReadAllText("/etc/passwd");\n}\n' > Handin/Leak.cs
dotnet build --disable-build-servers > /tmp/hrepo-m/student-grader001.log 2>&1; echo "exit $?"
rm Handin/Leak.cs
