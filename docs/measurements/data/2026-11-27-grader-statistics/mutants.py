import sys
m=sys.argv[1]; root='/work/wt-hstats/Reference/Metrics/'
def sub(f,old,new):
    s=open(root+f).read(); assert old in s,(m,old); open(root+f,'w').write(s.replace(old,new,1))
if m=='M1': sub('SampleMatrix.cs','(Avx512F.PermuteVar8x64x2(a2, even, b2) + Avx512F.PermuteVar8x64x2(a2, odd, b2)).StoreUnsafe','Vector512.FusedMultiplyAdd(Avx512F.PermuteVar8x64x2(a, odd, b), Avx512F.PermuteVar8x64x2(a, odd, b), Avx512F.PermuteVar8x64x2(a2, even, b2)).StoreUnsafe')
if m=='M2':
    sub('EnergyDistance.cs','s += r.GetElement(0); s += r.GetElement(1); s += r.GetElement(2); s += r.GetElement(3);','s += Vector512.Sum(r);')
    sub('EnergyDistance.cs','s += r.GetElement(4); s += r.GetElement(5); s += r.GetElement(6); s += r.GetElement(7);','')
if m=='M3': sub('Mmd.cs','return (first, second);','return (first, first);')
if m=='M4': sub('ReferenceBlock.cs','&& MemoryMarshal.AsBytes(y.Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(_data.AsSpan()));',';')
