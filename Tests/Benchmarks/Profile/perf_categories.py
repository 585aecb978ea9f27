#!/usr/bin/env python3
"""Where a workload's time goes, from a `perf record -g` profile of the benchmark's `steps` mode.

Reads `perf script -F comm,pid,tid,ip,sym,dso` output on stdin and prints the share of the main thread's samples (the
workload runs there; samples of the JIT compiler are left out as start-up) per category, split into forward
(everything outside the backward pass) and backward (samples with Engine::Run on the stack). A sample is classified by
its stack, first rule that matches (OpenBLAS and kernel frames often end the unwound stack, so the rules look at
every frame):

  matrix products   any frame in OpenBLAS (sgemm kernels, packing, and the zeroing of C it does for beta = 0) or in the
                    managed kernels (BlockedGemm, ManagedGemm)
  page faults       a kernel page-fault frame (first touch of memory the runtime or libc just mapped)
  random numbers    a frame in Generator / BoxMuller
  element-wise      the leaf is a SIMD kernel (TensorPrimitives, VectorMath, Grader.Tensors.Elementwise, Reduction)
  copies and fills  the leaf is memmove/memset outside OpenBLAS (cat, contiguous copies, zero-filled buffers)
  runtime           the leaf is in libcoreclr / System.Private.CoreLib internals (GC, allocation, type checks, JIT)
  op overhead       other managed frames (shape logic, graph recording, the backward walk's bookkeeping)
  other             anything else (libc, kernel scheduling)

Usage (see Tests/Benchmarks/README.md, "Per-op profile"):
  perf script -i w5.data -F comm,pid,tid,ip,sym,dso | /usr/bin/python3 Tests/Benchmarks/Profile/perf_categories.py
"""
import re
import sys
from collections import Counter

RULES = [
    ("matrix products", lambda fr, leaf: any("libopenblas" in f or "sgemm" in f or "BlockedGemm" in f or "ManagedGemm" in f for f in fr)),
    ("page faults", lambda fr, leaf: any("page_fault" in f for f in fr)),
    ("random numbers", lambda fr, leaf: any("BoxMuller" in f or "Grader.Tensors.Generator" in f for f in fr)),
    ("element-wise", lambda fr, leaf: re.search(r"TensorPrimitives|VectorMath|Vector512|Vector256|Vector`1|Grader\.Tensors\.Elementwise|Grader\.Tensors\.Reduction|Adam::Update", leaf) is not None),
    ("copies and fills", lambda fr, leaf: re.search(r"memmove|memset|Memmove|memcpy|SpanHelpers", leaf) is not None),
    ("runtime", lambda fr, leaf: "libcoreclr" in leaf or "System.Private.CoreLib" in leaf or "[unknown]" in leaf or "libclrjit" in leaf),
    ("op overhead", lambda fr, leaf: "[JIT]" in leaf or "Grader." in leaf or "System." in leaf),
    ("other", lambda fr, leaf: True),
]


def samples(lines):
    """(main thread?, frames leaf first) per sample; a header line "comm pid/tid" starts each."""
    frames, main = [], False
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith((" ", "\t")):
            frames.append(line.strip())
            continue
        if frames:
            yield main, frames
        frames = []
        m = re.search(r"(\d+)/(\d+)", line)
        main = m is not None and m.group(1) == m.group(2)
    if frames:
        yield main, frames


def main():
    counts = Counter()
    total = 0
    for main, frames in samples(sys.stdin):
        leaf = frames[0]
        if not main or any("libclrjit" in f for f in frames):
            continue  # other threads (tiered JIT, finalizer) and compiling
        phase = "backward" if any("Engine::Run" in f or "Engine::Backward" in f for f in frames) else "forward"
        for name, rule in RULES:
            if rule(frames, leaf):
                counts[(name, phase)] += 1
                break
        total += 1
    if total == 0:
        print("no samples on the workload's thread")
        return
    print(f"{total} samples on the workload's thread")
    print(f"{'category':<18} {'forward %':>10} {'backward %':>11} {'total %':>8}")
    for name, _ in RULES:
        f, b = counts[(name, "forward")], counts[(name, "backward")]
        if f + b:
            print(f"{name:<18} {100 * f / total:>10.1f} {100 * b / total:>11.1f} {100 * (f + b) / total:>8.1f}")
    f = sum(v for (n, p), v in counts.items() if p == "forward")
    print(f"{'all':<18} {100 * f / total:>10.1f} {100 * (total - f) / total:>11.1f} {100.0:>8.1f}")


if __name__ == "__main__":
    main()
