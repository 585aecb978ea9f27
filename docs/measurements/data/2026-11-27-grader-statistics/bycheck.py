import sys,re,collections
exec(open('resolve.py').read().split('self_=collections.Counter()')[0])
per=collections.Counter(); leafper=collections.defaultdict(collections.Counter)
pat=re.compile(r'\[(Grader\.Checks(?:\.Hidden)?)\] (Grader\.Checks[\w.]*?)\.(\w+)(?:`\d+)?(?:\+[\w<>`]+)?::')
for tid,ch in samples:
    if not ch: continue
    name=None
    for s,d in ch:  # leaf first; keep the outermost check class
        m=pat.search(s)
        if m and ('Hidden' in m.group(2) or '.Checks.' in m.group(2)) and not re.search(r'Checking\.|Grading\.|Results\.|Training\.Dr',m.group(2)+'.'+m.group(3)):
            name=m.group(2)+'.'+m.group(3)
    per[name]+=1
    top=ch[0]; leafper[name][(top[0][:80],top[1].split('/')[-1])]+=1
N=len(samples); print('samples',N)
for k,v in per.most_common(40):
    print(f'{v:6d} {v/299:6.2f}s {v/299/58:6.3f}s/h  {k}')
    if k is not None and v>150:
        for (s,d),c in leafper[k].most_common(6): print(f'           {c/299:5.2f}s {s} ({d})')
