import sys,re,collections
exec(open('resolve.py').read().split('self_=collections.Counter()')[0])
rules=[('metrics',r'\[Grader\.Metrics\]'),('fscheck',r'\[FsCheck\]'),('rng',r'BoxMuller|Generator::Next|randn'),('channel',r'Grader\.Remote'),
('runner/hostcpu',r'HostCpu|Watchdog|HostSession'),('records/json',r'System\.Text\.Json|HandinRecord|RecordFile'),('reporters',r'Reporters|Feedback|Gradebook|Html'),
('progress',r'Progress|Spectre'),('compile-client',r'Compile'),('tensors',r'\[Grader\.Tensors\]'),('checks',r'\[Grader\.Checks'),('reference',r'\[Grader\.Reference\]')]
cat=collections.Counter(); leaf=collections.defaultdict(collections.Counter); tidc=collections.Counter()
for tid,ch in samples:
    if not ch: continue
    c='other'
    for name,rx in rules:
        if any(re.search(rx,s) for s,d in ch): c=name; break
    cat[c]+=1
    leaf[c][(ch[0][0][:90],ch[0][1].split('/')[-1])]+=1
for k,v in cat.most_common():
    print(f'{v:6d} {v/299:6.2f}s {v/299/58:6.3f}s/h  {k}')
    for (s,d),c in leaf[k].most_common(8): print(f'           {c/299:5.2f}s {s} ({d})')
