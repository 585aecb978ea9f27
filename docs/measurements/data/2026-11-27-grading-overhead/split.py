# usage: perf script -i prof.data -F comm,pid,tid,period,ip,sym,dso --max-stack=1 > s.txt; split.py s.txt 499  (samples per process role and shared object)
import sys,re,collections
f=sys.argv[1]; period_hz=float(sys.argv[2]) if len(sys.argv)>2 else 499
samples=[]
cur=None
for line in open(f):
    if not line.strip(): continue
    if not line.startswith('\t') and not line.startswith(' '*8+'  ') :
        m=re.match(r'\s*(.+?)\s+(\d+)/(\d+)\s+(\d+)',line)
        if m: cur=[m.group(1),int(m.group(2)),int(m.group(3)),int(m.group(4)),None,None]; samples.append(cur); continue
    m=re.match(r'\s*[0-9a-f]+\s+(.*)\s+\((.*)\)\s*$',line)
    if m and cur is not None and cur[4] is None:
        cur[5]=m.group(1); cur[4]=m.group(2)
# roles
comms=collections.defaultdict(set)
for s in samples: comms[s[1]].add(s[0])
pids=sorted(comms)
grader=pids[0]
role={}
for p in pids:
    c=comms[p]
    if p==grader: role[p]='grader'
    elif 'grader compile' in c: role[p]='compile'
    elif any('bwrap' in x for x in c): role[p]='bwrap'
    elif any(x in ('prlimit','setpriv') for x in c) and len(c)==1: role[p]='launcher'
    else: role[p]='host'
def dsocls(d,sym):
    if d is None: return '?'
    if 'kernel' in d: return 'kernel'
    if 'libcoreclr' in d: return 'runtime'
    if 'libclrjit' in d: return 'jit'
    if d.startswith('/tmp/perf-') or 'perf-' in d: return 'jitted'
    if d.endswith('.dll'): return 'r2r:'+d.split('/')[-1]
    if 'libc.so' in d or 'libm.so' in d: return d.split('/')[-1]
    if d=='[unknown]' or d=='//anon': return 'anon(jitted?)'
    return d.split('/')[-1]
tot=collections.Counter(); by=collections.defaultdict(collections.Counter); thr=collections.defaultdict(collections.Counter)
n=collections.Counter()
for s in samples:
    r=role[s[1]]; tot[r]+=1; by[r][dsocls(s[4],s[5])]+=1; thr[r][s[0]]+=1
N=sum(tot.values())
print('samples',N,'sec', N/period_hz)
for r,c in tot.most_common():
    print(f'== {r}: {c/period_hz:.2f} s ({100*c/N:.1f}%), processes {sum(1 for p in pids if role[p]==r)}')
    for k,v in by[r].most_common(12): print(f'   {k:40s} {v/period_hz:6.2f} s {100*v/c:5.1f}%')
    print('   threads:', ', '.join(f'{k} {v/period_hz:.2f}' for k,v in thr[r].most_common(8)))
