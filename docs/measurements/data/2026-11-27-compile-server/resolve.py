# usage: perf script -i prof.data --pid GRADER -F tid,ip,sym,dso > cg.txt; perf script -i prof.data --pid GRADER --show-mmap-events | grep MMAP | grep doublemapper | grep r-x > /tmp/hc/mm.txt
# then: resolve.py /tmp/perf-GRADER.map cg.txt [N]  (names the grader's JIT-compiled frames through its perf map, mapping memfd:doublemapper offsets back to addresses)
import sys,re,bisect,collections
mapf, cg = sys.argv[1], sys.argv[2]
ents=[]
for l in open(mapf):
    p=l.rstrip('\n').split(' ',2)
    if len(p)<3: continue
    ents.append((int(p[0],16),int(p[1],16),p[2]))
ents.sort(); starts=[e[0] for e in ents]
offmap=[]
import re as _re
for l in open('/tmp/hc/mm.txt'):
    m=_re.search(r'\[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ (0x[0-9a-f]+|0) ',l)
    if m: offmap.append((int(m.group(3),16),int(m.group(2),16),int(m.group(1),16)))
def off2va(off):
    for pg,ln,st in reversed(offmap):
        if pg<=off<pg+ln: return st+off-pg
    return None
def name(ip):
    i=bisect.bisect_right(starts,ip)-1
    if i>=0 and ents[i][0]<=ip<ents[i][0]+ents[i][1]: return ents[i][2]
    return None
# parse callchains
samples=[]; cur=None
for l in open(cg):
    if not l.strip():
        cur=None; continue
    if not l.startswith('\t') and not l.startswith(' '*6):
        m=re.match(r'\s*(\d+)',l)
        if m: cur=[]; samples.append((int(m.group(1)),cur)); continue
    m=re.match(r'\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$',l)
    if m and cur is not None:
        ip=int(m.group(1),16); sym=m.group(2); dso=m.group(3)
        if 'doublemapper' in dso or dso in('[unknown]',):
            va=off2va(ip) if 'doublemapper' in dso else ip; n=name(va) if va else None; sym=n or sym; dso='jit' if n else dso
        cur.append((sym,dso))
self_=collections.Counter(); incl=collections.Counter(); memcaller=collections.Counter()
for tid,ch in samples:
    if not ch: continue
    top=ch[0]
    self_[(top[0][:110],top[1].split('/')[-1])]+=1
    seen=set()
    for s,d in ch:
        if d=='jit' and s not in seen: seen.add(s); incl[s[:140]]+=1
    if 'memset' in top[0]:
        for s,d in ch[1:]:
            if d=='jit': memcaller[s[:140]]+=1; break
N=len(samples)
print('samples',N)
print('--- self top'); [print(f'{v:6d} {v/499:.2f}s  {k}') for k,v in self_.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 30)]
print('--- inclusive managed'); [print(f'{v:6d} {v/499:.2f}s  {k}') for k,v in incl.most_common(45)]
print('--- memset first managed caller'); [print(f'{v:6d} {v/499:.2f}s  {k}') for k,v in memcaller.most_common(15)]
