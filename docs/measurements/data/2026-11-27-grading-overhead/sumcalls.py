# usage: sumcalls.py out-TAG ...  (whole-tree CPU from perf-TAG.txt, the hosts' CPU in the checks' calls from the records)
import json,glob,sys,collections
for o in sys.argv[1:]:
    t=collections.Counter()
    for f in glob.glob(o+'/records/*.json'):
        for c in json.load(open(f))['checks']:
            k=c['checkId']; k='V' if 'v-training' in k else 'INN' if 'inn-training' in k else 'rest'
            t[k]+=c.get('handinCpuSeconds') or 0
    cpu=float(open(o.replace('out-','perf-')+'.txt').read().split('task-clock')[0].strip().split('\n')[-1].split(',')[0])/1000
    calls=sum(t.values())
    print(f"{o}: tree {cpu:.1f} s, hosts in calls {calls:.1f} (V {t['V']:.1f}, INN {t['INN']:.1f}, rest {t['rest']:.1f}), outside {cpu-calls:.1f} s = {(cpu-calls)/58:.3f} s/hand-in")
