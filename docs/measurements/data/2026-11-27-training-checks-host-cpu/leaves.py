#!/usr/bin/env python3
"""Shares of a perf record's samples that have <must> (a frame's text) on the stack.

usage: perf script -i X.data -F tid,ip,sym,dso | leaves.py self|inclusive|callers <must> [rows] [leaf-dso]
  self:      by leaf (native leaves by library; libcoreclr by its first managed caller)
  inclusive: by managed frame anywhere on the stack
  callers:   for samples whose leaf is in <leaf-dso>, the first three managed frames above it
"""
import sys, re, collections

mode, must = sys.argv[1], sys.argv[2]
rows = int(sys.argv[3]) if len(sys.argv) > 3 else 40
leafdso = sys.argv[4] if len(sys.argv) > 4 else ""
name = lambda f: re.sub(r"\(.*", "", f[0]).split("] ")[-1]
managed = lambda fr: [name(f) for f in fr if f[1].startswith("/tmp/perf")]
c = collections.Counter(); n = 0
for block in sys.stdin.read().split("\n\n"):
    fr = []
    for l in block.split("\n")[1:]:
        m = re.match(r"\s+[0-9a-f]+ (.*) \((.*)\)$", l)
        if m: fr.append((m.group(1), m.group(2)))
    if not fr or not any(must in f[0] for f in fr): continue
    s, d = fr[0]
    if mode == "callers":
        if leafdso not in d: continue
        c[" < ".join(managed(fr)[:3])] += 1
    elif mode == "inclusive":
        for k in set(name(f) for f in fr): c[k] += 1
    else:
        if "libclrjit" in d: k = "JIT"
        elif "libcoreclr" in d: k = "libcoreclr < " + next(iter(managed(fr)), "?")
        elif "kernel" in d: k = "kernel"
        else: k = name(fr[0]) + ("" if d.startswith("/tmp/perf") else "  [" + d.split("/")[-1] + "]")
        c[k] += 1
    n += 1
print(n, "samples")
for k, v in c.most_common(rows): print(f"{100 * v / n:5.1f} {k[:160]}")
