#!/usr/bin/env python3
# perclass.py TAG: per-class CPU of the test host from the TRX end times and the 2 s samples (a class's CPU = samples' growth
# from the previous class's last result to its own last result, set-up included), as hsuite5's method
import sys, glob, bisect, xml.etree.ElementTree as ET
from datetime import datetime, timezone
tag = sys.argv[1]
trx = glob.glob(f"/tmp/hs6/{tag}.trxdir/*.trx")[0]
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(trx).getroot()
cls = {}
for d in root.iterfind(".//t:UnitTest", ns):
    tm = d.find("t:TestMethod", ns)
    cls[d.get("id")] = tm.get("className").split(".")[-1]
def ts(s):
    # 2026-11-27T04:50:01.1234567+00:00
    s = s[:26] + s[27:] if len(s.split(".")[-1]) > 12 else s
    return datetime.fromisoformat(s).timestamp()
res = []
for r in root.iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") == "NotExecuted": continue
    res.append((ts(r.get("endTime")), cls[r.get("testId")], r.get("outcome")))
res.sort()
samples = []
for line in open(f"/tmp/hs6/{tag}.samples"):
    t, pid, cpu, load = line.split()
    samples.append((float(t), float(cpu)))
samples.sort()
st = [s[0] for s in samples]
def cpu_at(t):
    i = bisect.bisect_right(st, t)
    if i == 0: return 0.0
    if i >= len(samples): return samples[-1][1]
    (t0, c0), (t1, c1) = samples[i-1], samples[i]
    return c0 + (c1 - c0) * (t - t0) / (t1 - t0) if t1 > t0 else c0
last = {}
order = []
for t, c, o in res:
    if c not in last: order.append(c)
    last[c] = t
counts = {}
for t, c, o in res: counts[c] = counts.get(c, 0) + 1
ends = sorted((last[c], c) for c in order)
prev = 0.0
out = []
for t, c in ends:
    x = cpu_at(t); out.append((c, counts[c], x - prev)); prev = x
total = samples[-1][1] if samples else 0
names = {}
for d in root.iterfind(".//t:UnitTestResult", ns): pass
if len(sys.argv) > 2:
    tests = []
    prevt = None
    allres = []
    for r in root.iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") == "NotExecuted": continue
        allres.append((ts(r.get("endTime")), cls[r.get("testId")], r.get("testName")))
    allres.sort()
    p = 0.0
    for t, c, n in allres:
        x = cpu_at(t); tests.append((x - p, c, n)); p = x
    for x, c, n in sorted(tests, reverse=True)[:int(sys.argv[2])]:
        print(f"T,{x:.1f},{c},{n}")
for c, n, x in sorted(out, key=lambda r: -r[2]):
    print(f"{c},{n},{x:.1f}")
print(f"#total_testhost_cpu,{len(res)},{total:.1f}")
