import sys, re, collections
# inclusive share of managed frames among samples with <must> on the stack
must = sys.argv[1]
inc = collections.Counter(); n = 0
for block in sys.stdin.read().split("\n\n"):
    fr = []
    for l in block.split("\n")[1:]:
        m = re.match(r"\s+[0-9a-f]+ (.*) \((.*)\)$", l)
        if m: fr.append(m.group(1))
    if not any(must in f for f in fr): continue
    n += 1
    seen = set()
    for f in fr:
        k = re.sub(r"\(.*", "", f).split("] ")[-1]
        if k not in seen: seen.add(k); inc[k] += 1
print(n)
for k, v in inc.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 60): print(f"{100*v/n:5.1f} {k[:150]}")
