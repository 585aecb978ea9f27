import json,sys,glob,os,statistics
# usage: paired.py "base runs (comma)" "branch runs (comma)": per hand-in mean of each check's host CPU per build, ratio
def load(out):
    r={}
    for f in glob.glob(out+'/records/*.json'):
        d=json.load(open(f)); v=i=0
        for c in d['checks']:
            cpu=c.get('handinCpuSeconds') or 0
            if 'v-training-quality' in c['checkId']: v+=cpu
            elif 'inn-training-quality' in c['checkId']: i+=cpu
        r[os.path.basename(f)]=(v,i)
    return r
A=[load(o) for o in sys.argv[1].split(',')]; B=[load(o) for o in sys.argv[2].split(',')]
for k,name in ((0,'V'),(1,'INN')):
    ratios=[]
    for s in A[0]:
        a=statistics.mean(x[s][k] for x in A); b=statistics.mean(x[s][k] for x in B)
        if a>0.3: ratios.append(b/a)
    print(f"{name}: {len(ratios)} hand-ins, per-hand-in ratio branch/base median {statistics.median(ratios):.3f}, quartiles {statistics.quantiles(ratios,n=4)[0]:.3f}…{statistics.quantiles(ratios,n=4)[2]:.3f}; ratio of sums {sum(statistics.mean(x[s][k] for x in B) for s in A[0])/sum(statistics.mean(x[s][k] for x in A) for s in A[0]):.3f}")
