import sys, re, collections
# usage: callers.py <leaf-dso-substring> <must-have-frame-substring> : first managed frame above the leaf for matching samples
leafdso, must = sys.argv[1], sys.argv[2]
c = collections.Counter(); n=0; tot=0
for block in sys.stdin.read().split("\n\n"):
    lines = [l for l in block.split("\n")[1:] if l.strip()]
    fr = []
    for l in lines:
        m = re.match(r"\s+[0-9a-f]+ (.*) \((.*)\)$", l)
        if m: fr.append((m.group(1), m.group(2)))
    if not fr: continue
    tot+=1
    if leafdso not in fr[0][1] or not any(must in f[0] for f in fr): continue
    n+=1
    key = next((re.sub(r"\(.*","",f[0]).split("] ")[-1] for f in fr if f[1].startswith("/tmp/perf") ), "?")
    key2 = [re.sub(r"\(.*","",f[0]).split("] ")[-1] for f in fr if f[1].startswith("/tmp/perf")][:3]
    c[" < ".join(key2)] += 1
print(n, "of", tot)
for k, v in c.most_common(25): print(v, k[:230])
