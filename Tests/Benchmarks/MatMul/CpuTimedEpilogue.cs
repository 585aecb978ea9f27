namespace Grader.Benchmarks.MatMul;

/// <summary>
/// <c>matmul --cpu --epilogue [--rounds R] [--seconds S]</c>: the workloads' layers whose product the blocked kernel
/// runs, each with its bias and activation (<c>GemmEpilogue</c>) three ways, alternating within each round and timed
/// by this thread's CPU time: the product alone, the product then the bias/activation as passes over C (what addmm did
/// before 2026-11-26), and the epilogue fused into the kernel's tiles. Prints microseconds per call (median of R
/// rounds) and what the epilogue adds to the product either way.
/// </summary>
public static class CpuTimedEpilogue
{
    private sealed record Layer(string Name, int M, int N, int K, EpilogueActivation Activation);

    private static readonly Layer[] Layers =
    [
        new("W2 x + ELU", 1000, 128, 128, EpilogueActivation.Elu),
        new("W2 h1 + ELU", 1000, 64, 128, EpilogueActivation.Elu),
        new("W2 h2 + ELU", 1000, 32, 64, EpilogueActivation.Elu),
        new("W2 x_emb (bias)", 1000, 128, 2, EpilogueActivation.None),
        new("W3 in + ReLU", 10_000, 64, 3, EpilogueActivation.Relu),
        new("W3 fwd + ReLU", 10_000, 64, 64, EpilogueActivation.Relu),
    ];

    public static int Run(int rounds, double seconds)
    {
        if (!BlockedGemm.IsSupported) throw new InvalidOperationException("the blocked kernel does not run on this machine (neither 512-bit vectors nor 256-bit vectors with FMA)");
        bool wide = BlockedGemm.Wide;
        Console.WriteLine($"µs per call, CPU time, median of {rounds} rounds of {seconds} s per variant ({(wide ? "12 × 32" : "6 × 16")} kernel; {Program.RunSettings()}; load {CpuTimedMatMul.LoadAverage()}):");
        foreach (var layer in Layers)
        {
            var g = new Generator(0);
            float[] a = randn([layer.M * layer.K], g).ToArray(), w = randn([layer.N * layer.K], g).ToArray(), bias = randn([layer.N], g).ToArray();
            var c = new float[layer.M * layer.N];
            void Product() => BlockedGemm.Run(false, true, layer.M, layer.N, layer.K, a, layer.K, w, layer.K, c, wide);
            void Passes()
            {
                Product();
                new GemmEpilogue(bias, layer.Activation, 1f).ApplyRows(c);
            }
            void Fused() => BlockedGemm.Run(false, true, layer.M, layer.N, layer.K, a, layer.K, w, layer.K, c, wide, new GemmEpilogue(bias, layer.Activation, 1f));
            Action[] variants = [Product, Passes, Fused];
            var times = variants.Select(_ => new List<double>()).ToArray();
            foreach (var v in variants) v();
            for (int r = 0; r < rounds; r++)
                for (int i = 0; i < variants.Length; i++)
                {
                    long calls = CpuTimedMatMul.Calls(variants[i], seconds, out double cpu);
                    times[i].Add(cpu / calls * 1e6);
                }
            double product = CpuTimedMatMul.Median(times[0]), passes = CpuTimedMatMul.Median(times[1]), fused = CpuTimedMatMul.Median(times[2]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {layer.Name,-18} [{layer.M},{layer.K}]x[{layer.K},{layer.N}]  product {product,8:F1}   product + passes {passes,8:F1} (+{passes - product,6:F1})   fused {fused,8:F1} (+{fused - product,6:F1})   fused/passes {fused / passes:F3}"));
        }
        Console.WriteLine($"load {CpuTimedMatMul.LoadAverage()}");
        return 0;
    }
}
