import sys, xml.etree.ElementTree as ET, datetime, bisect, collections
# usage: perclass.py run.trx cgroup-samples [top]
trx, samples = sys.argv[1], sys.argv[2]; top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
ns = {'t': 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010'}
root = ET.parse(trx).getroot()
def ts(s):
    # 2026-11-27T08:12:30.1234567+00:00
    s = s[:26] + s[27:] if len(s.split('.')[-1]) > 13 else s
    return datetime.datetime.fromisoformat(s).timestamp()
cls = {}
for d in root.iterfind('.//t:UnitTest', ns):
    tm = d.find('t:TestMethod', ns)
    cls[d.get('id')] = tm.get('className').split('.')[-1]
res = []
for r in root.iterfind('.//t:UnitTestResult', ns):
    res.append((ts(r.get('endTime')), cls.get(r.get('testId'), '?'), r.get('testName'), r.get('outcome')))
res.sort()
t, c = [], []
for line in open(samples):
    a, b, *_ = line.split(); t.append(float(a)); c.append(int(b) / 1e9)
def cpu_at(x):
    i = bisect.bisect_left(t, x)
    if i <= 0: return c[0]
    if i >= len(t): return c[-1]
    return c[i-1] + (c[i] - c[i-1]) * (x - t[i-1]) / (t[i] - t[i-1])
per_test, per_class, counts = [], collections.defaultdict(float), collections.Counter()
prev = t[0]
for end, k, name, outcome in res:
    cpu = cpu_at(end) - cpu_at(prev); prev = end
    per_test.append((cpu, k, name)); per_class[k] += cpu; counts[k] += 1
total = c[-1] - c[0]
print(f"cgroup CPU {total:.1f} s over {t[-1]-t[0]:.0f} s; {len(res)} results; outcomes {collections.Counter(r[3] for r in res)}")
with open(sys.argv[1] + '.per-class.csv', 'w') as o:
    o.write('class,tests,cpu_s\n')
    for k, v in sorted(per_class.items(), key=lambda x: -x[1]): o.write(f'{k},{counts[k]},{v:.1f}\n')
with open(sys.argv[1] + '.per-test.csv', 'w') as o:
    o.write('cpu_s,class,test\n')
    for v, k, n in sorted(per_test, reverse=True): o.write(f'{v:.1f},{k},"{n}"\n')
for k, v in sorted(per_class.items(), key=lambda x: -x[1])[:top]: print(f"{v:8.1f} {counts[k]:4d} {k}")
print('--- tests')
for v, k, n in sorted(per_test, reverse=True)[:top]: print(f"{v:8.1f} {k} {n[:110]}")
