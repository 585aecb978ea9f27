#!/bin/bash
# usage: tc.sh <build dir> <only v|inn|both> <rounds> [extra env assignments...]  — training-checks as the benchmark's child, with a training host's settings
b=$1; only=$2; r=$3; shift 3
cd /work/wt-htrain && env GRADER_BENCHMARKS_CHILD=1 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 DOTNET_GCgen0size=0x2000000 DOTNET_GCLOHThreshold=0x1000000 \
  DOTNET_gcConcurrent=0 DOTNET_gcServer=0 DOTNET_GCHeapHardLimit=0x80000000 DOTNET_TieredPGO=0 DOTNET_TieredCompilation=0 \
  DOTNET_ReadyToRunExcludeList=Grader.Tensors "$@" dotnet $b/Grader.Benchmarks.dll training-checks --only $only --rounds $r
