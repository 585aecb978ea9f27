#!/bin/bash
# usage: pr.sh <build> <v|inn> <rounds> [env...]  — the probe against <build>'s engine, a host's environment
b=$1; w=$2; n=$3; shift 3
rm -rf /tmp/hvstep/probe-$b; cp -r /tmp/hvstep/probe/out /tmp/hvstep/probe-$b 2>/dev/null; cp /tmp/hvstep/$b/Grader.Tensors.dll /tmp/hvstep/probe-$b/
env OPENBLAS_NUM_THREADS=1 DOTNET_GCgen0size=0x2000000 DOTNET_GCLOHThreshold=0x1000000 DOTNET_gcConcurrent=0 DOTNET_gcServer=0 \
  DOTNET_GCHeapHardLimit=0x80000000 DOTNET_TieredPGO=0 DOTNET_TieredCompilation=0 DOTNET_ReadyToRunExcludeList=Grader.Tensors "$@" \
  dotnet /tmp/hvstep/probe-$b/probe.dll $w $n
