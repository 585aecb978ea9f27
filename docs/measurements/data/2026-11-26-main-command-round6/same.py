import json,sys,glob,os
a,b=sys.argv[1],sys.argv[2]
fa=sorted(os.path.basename(f) for f in glob.glob(a+'/records/*.json'))
fb=sorted(os.path.basename(f) for f in glob.glob(b+'/records/*.json'))
assert fa==fb,(fa,fb)
n=0;bad=0
def strip(c):
    return {k:v for k,v in c.items() if k not in ('seconds','handinCpuSeconds')}
for f in fa:
    da=json.load(open(a+'/records/'+f)); db=json.load(open(b+'/records/'+f))
    ca=da['checks']; cb=db['checks']
    if len(ca)!=len(cb): print('count differs',f); bad+=1; continue
    for x,y in zip(ca,cb):
        n+=1
        if strip(x)!=strip(y): bad+=1; print('DIFF',f,x.get('checkId'))
    # other top-level fields
    ka={k:v for k,v in da.items() if k!='checks'}; kb={k:v for k,v in db.items() if k!='checks'}
    diffk=[k for k in set(ka)|set(kb) if ka.get(k)!=kb.get(k)]
    if diffk: print('top-level differ',f,diffk)
print(f"{n} checks compared, {bad} differ")
