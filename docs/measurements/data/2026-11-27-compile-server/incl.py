import sys,re,collections
# usage: incl.py <perf-PID.map> <perf script -F tid,ip,sym,dso output> <regex> <mmap events of the doublemapper, as resolve.py's>
# inclusive samples of every frame matching <regex>, named through round 6's resolve.py (its perf-map lookup reused)
import os
_resolve=os.path.join(os.path.dirname(os.path.abspath(__file__)),'..','2026-11-27-grading-overhead','resolve.py')
exec(open(_resolve).read().split('# parse callchains')[0].replace('sys.argv[1]','"%s"'%sys.argv[1]).replace('sys.argv[2]','"%s"'%sys.argv[2]).replace('/tmp/houtside/mm10337.txt',sys.argv[4]))
samples=[]; cur=None
for l in open(sys.argv[2]):
    if not l.strip(): cur=None; continue
    if not l.startswith('\t') and not l.startswith(' '*6):
        m=re.match(r'\s*(\d+)',l)
        if m: cur=[]; samples.append(cur); continue
    m=re.match(r'\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$',l)
    if m and cur is not None:
        ip=int(m.group(1),16); sym=m.group(2); dso=m.group(3)
        if 'doublemapper' in dso:
            va=off2va(ip); n=name(va) if va else None; sym=n or sym
        cur.append(sym)
pat=sys.argv[3]
c=collections.Counter()
for ch in samples:
    seen=set()
    for s in ch:
        if re.search(pat,s):
            k=s[:200]
            if k not in seen: seen.add(k); c[k]+=1
for k,v in c.most_common(40): print(f'{v:6d} {v/499:.2f}s {k}')
