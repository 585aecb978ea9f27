import sys,re,collections
exec(open('/tmp/hc/resolve.py').read().split('# parse callchains')[0].replace('sys.argv[1]','"%s"'%sys.argv[1]).replace('sys.argv[2]','"%s"'%sys.argv[2]))
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
