#!/usr/bin/env python3
"""Split a perf record of `training-checks` (one check, cold) by phase and by leaf.

usage: perf script -i X.data -F tid,ip,sym,dso | split.py <text of a check frame, e.g. Grader.Checks.Hidden.dll>
Counts every sample (all threads) from the first sample with the check's class on the stack to the end: the check's
CPU as the mode measures it. A sample's phase is the first rule (leaf upwards) whose text is in a frame; a sample with no
managed frame of the check on its stack (a JIT or runtime thread, or a native stack perf could not unwind) is 'no check frame'.
"""
import sys, re, collections

check = sys.argv[1]
rules = [
    ("host: training (the hand-in's Train)", "::Train("),
    ("host: evaluation (the hand-in's code called by the check)", "[Handin]"),
    ("host: evaluation (the hand-in's code called by the check)", "Sequential::forward"),
    ("grader: statistics (Grader.Metrics)", "Grader.Metrics"),
]

def leaf_class(frames):
    sym, dso = frames[0]
    if "libclrjit" in dso: return "JIT (libclrjit)"
    if "libcoreclr" in dso: return "runtime (libcoreclr)"
    if "kernel" in dso: return "kernel"
    if "libopenblas" in dso: return "OpenBLAS"
    if "libc.so" in dso or "libm" in dso: return "libc/libm: " + sym.split("@")[0]
    m = re.search(r"\] ([\w.]+)::(\w+)", sym)
    if m: return m.group(1).split(".")[-1] + "::" + m.group(2)
    return dso.split("/")[-1] + " " + sym[:60]

samples = []
cur = None
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip():
        if cur: samples.append(cur)
        cur = None
        continue
    if not line.startswith("\t") and not line.startswith(" " * 8):
        parts = line.split()
        cur = {"tid": parts[0], "frames": []}
        continue
    m = re.match(r"\s+[0-9a-f]+ (.*) \((.*)\)$", line)
    if m and cur is not None: cur["frames"].append((m.group(1), m.group(2)))
if cur: samples.append(cur)

def oncheck_(s): return any(check in f[0] or check in f[1] for f in s["frames"])
start = next((i for i, s in enumerate(samples) if oncheck_(s)), None)
if start is None: sys.exit("check not found")
window = [s for s in samples[start:] if s["frames"]]
n = len(window)
phase = collections.Counter(); leaf = collections.Counter(); by = collections.defaultdict(collections.Counter)
for s in window:
    text = [f[0] for f in s["frames"]]
    oncheck = oncheck_(s)
    p = "no check frame (other threads; the JIT and runtime where the stack ends early)"
    if oncheck:
        p = "grader: other (data, sampler arithmetic, scores)"
        for name, rule in rules:
            if any(rule in t for t in text): p = name; break
    phase[p] += 1
    l = leaf_class(s["frames"])
    leaf[l] += 1
    by[p][l] += 1
print(f"samples from the check's first: {n}")
for p, c in phase.most_common():
    print(f"{100*c/n:6.1f} %  {p}")
    for l, k in by[p].most_common(12):
        print(f"          {100*k/n:5.1f} %  {l}")
print("by leaf:")
for l, c in leaf.most_common(40): print(f"{100*c/n:6.1f} %  {l}")
