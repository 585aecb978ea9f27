import sys,re,collections
exec(open('resolve.py').read().split('self_=collections.Counter()')[0])
inc=collections.Counter(); n=0
for tid,ch in samples:
    if not ch: continue
    if not any(re.search(r'HostCpu|Watchdog|HostSession',s) for s,d in ch): continue
    n+=1
    seen=set()
    for s,d in ch:
        if d=='jit' and s not in seen: seen.add(s); inc[s[:150]]+=1
print(n)
for k,v in inc.most_common(40): print(f'{v/299:5.2f}s {k}')
