# usage: compile.py <run-a> <run-b>: the records' compile results compared, every key but `seconds`
import json,glob,os,sys
a,b=sys.argv[1],sys.argv[2]
keys=set();n=0;bad=0
for f in sorted(glob.glob(a+'/records/*.json')):
    x=json.load(open(f))['compile']; y=json.load(open(b+'/records/'+os.path.basename(f)))['compile']
    n+=1; d=[k for k in set(x)|set(y) if x.get(k)!=y.get(k)]; keys.update(d)
    if [k for k in d if k!='seconds']: bad+=1; print('DIFF',f,d)
print(n,'compile results; keys that differ:',sorted(keys),'; differing beyond seconds:',bad)
