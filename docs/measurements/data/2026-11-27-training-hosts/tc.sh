#!/bin/bash
# usage: tc.sh <build> <only v|inn|both> [extra env assignments...]
b=$1; only=$2; shift 2
cd /work/wt-hvstep && env GRADER_BENCHMARKS_CHILD=1 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 DOTNET_GCgen0size=0x2000000 DOTNET_GCLOHThreshold=0x1000000 \
  DOTNET_gcConcurrent=0 DOTNET_gcServer=0 DOTNET_GCHeapHardLimit=0x80000000 DOTNET_TieredPGO=0 DOTNET_TieredCompilation=0 \
  DOTNET_ReadyToRunExcludeList=Grader.Tensors "$@" dotnet /tmp/hvstep/$b/Grader.Benchmarks.dll training-checks --only $only --rounds 2
