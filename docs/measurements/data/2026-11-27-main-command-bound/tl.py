import json,glob,sys
from datetime import datetime
o=sys.argv[1]
def s(t):
    h,m,x=t.split(':'); return int(h)*3600+int(m)*60+float(x)
st=datetime.fromisoformat(json.load(open(o+'/run.json'))['run']['started']).timestamp()
rows=[]
for f in glob.glob(o+'/records/*.json'):
    d=json.load(open(f)); t=d['timing']
    end=datetime.fromisoformat(d['gradedAt']).timestamp()
    rows.append((end-st,d['student'][:14],s(t['compile'])))
rows.sort()
print(o, 'ends of first 6:', ' '.join(f"{r[0]:.1f}({r[2]:.2f})" for r in rows[:6]), '| last', round(rows[-1][0],1), '| compile sum', round(sum(r[2] for r in rows),1))
