import json,sys,glob,os,statistics
# usage: sum.py outdir...
for out in sys.argv[1:]:
    v=[];inn=[];rest=[]
    for f in sorted(glob.glob(out+'/records/*.json')):
        d=json.load(open(f))
        sv=si=sr=0
        for c in d['checks']:
            cpu=c.get('handinCpuSeconds') or 0
            cid=c.get('checkId') or c.get('id') or ''
            if 'v-training-quality' in cid: sv+=cpu
            elif 'inn-training-quality' in cid: si+=cpu
            else: sr+=cpu
        v.append(sv);inn.append(si);rest.append(sr)
    perf=open(out.replace('out-','perf-')+'.txt').read().strip().splitlines()[-1].split(',')[0] if os.path.exists(out.replace('out-','perf-')+'.txt') else '?'
    print(f"{os.path.basename(out)}: n={len(v)} task-clock_ms={perf} V={sum(v):.2f} (med {statistics.median(v) if v else 0:.2f}) INN={sum(inn):.2f} (med {statistics.median(inn) if inn else 0:.2f}) rest={sum(rest):.2f} hosts={sum(v)+sum(inn)+sum(rest):.2f}")
