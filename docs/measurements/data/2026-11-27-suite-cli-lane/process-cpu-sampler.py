import os, sys, time, collections
# samples every process's utime+stime (ticks) each 0.3 s until the file STOP exists; prints per command-kind totals
hz=os.sysconf('SC_CLK_TCK'); seen={}
stop=sys.argv[1]; out=sys.argv[2]
def kind(pid):
    try:
        cmd=open(f'/proc/{pid}/cmdline','rb').read().split(b'\0')
        c=b' '.join(cmd).decode(errors='replace')
    except Exception: return None
    return c
start=set(os.listdir('/proc'))
while not os.path.exists(stop):
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try:
            st=open(f'/proc/{p}/stat').read()
            f=st[st.rindex(')')+2:].split()
            t=(int(f[11])+int(f[12]))/hz
            if p not in seen: seen[p]=[kind(p),t,p in start]
            else: seen[p][1]=t
        except Exception: pass
    time.sleep(0.3)
with open(out,'w') as o:
    for p,(c,t,pre) in sorted(seen.items(), key=lambda x:-x[1][1]):
        if t>0.05: o.write(f"{t:8.2f} {'pre' if pre else 'new'} {p} {(c or '')[:200]}\n")
