import sys, re, collections
must = sys.argv[1]
c = collections.Counter(); n = 0
for block in sys.stdin.read().split("\n\n"):
    fr = []
    for l in block.split("\n")[1:]:
        m = re.match(r"\s+[0-9a-f]+ (.*) \((.*)\)$", l)
        if m: fr.append((m.group(1), m.group(2)))
    if not fr or not any(must in f[0] for f in fr): continue
    n += 1
    s, d = fr[0]
    if "libclrjit" in d: k = "JIT"
    elif "libcoreclr" in d: k = "libcoreclr < " + next((re.sub(r"\(.*","",f[0]).split("] ")[-1] for f in fr if f[1].startswith("/tmp/perf")), "?")
    elif "kernel" in d: k = "kernel"
    else: k = re.sub(r"\(.*", "", s).split("] ")[-1] + ("" if d.startswith("/tmp/perf") else "  ["+d.split("/")[-1]+"]")
    c[k] += 1
print(n)
for k, v in c.most_common(int(sys.argv[2])): print(f"{100*v/n:5.1f} {k[:160]}")
