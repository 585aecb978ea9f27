using Grader.Checks.Diffusion.Support;

namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>
/// The fixed inputs of the exact checks, rebuilt from the seeds a snapshot stores. The snapshot tests build the
/// reference's inputs with these same functions, so check and reference see the same numbers bit for bit.
/// </summary>
public static class SnapshotInputs
{
    /// <summary>
    /// A batch for the negative ELBO: x = scale·randn([n, d]) from <c>Generator(seed)</c>; the hand-in draws t and ε
    /// itself from <c>KeyedRandom(DrawSeed)</c>, DrawSeed the first of seed·0x9E3779B97F4A7C15 + k (k = 0, 1, …, mod 2⁶⁴)
    /// whose <c>Integers(0, T, [n])</c> hit both ends 0 and T − 1 of the schedule. <see cref="ElboDraws"/> gives the draws.
    /// </summary>
    public static (Tensor X, ulong DrawSeed) ElboBatch(ulong seed, int n, int d, int T, float scale)
    {
        var x = torch.randn([n, d], new Generator(seed)) * scale;
        for (ulong k = 0; k < 10_000_000; k++)
        {
            var drawSeed = unchecked(seed * 0x9E3779B97F4A7C15UL + k);
            var t = new KeyedRandom(drawSeed).IntegerValues(0, T, n);
            if (n < 2 || t.Contains(0f) && t.Contains(T - 1f)) return (x, drawSeed);
        }

        throw new InvalidOperationException($"no draw seed from {seed} on hits both ends of T = {T} with {n} samples");
    }

    /// <summary>
    /// What the reference draws from <c>KeyedRandom(drawSeed)</c> for a batch of n samples of dimension d: t = Integers(0, T, [n, 1])
    /// (one code index per sample), ε = Normal([n, d]).
    /// </summary>
    public static (int[] T, Tensor Epsilon) ElboDraws(ulong drawSeed, int n, int d, int T)
    {
        var random = new KeyedRandom(drawSeed);
        var t = random.IntegerValues(0, T, n).Select(v => (int)v).ToArray();
        return (t, torch.tensor(random.NormalValues(n * d), n, d));
    }

    /// <summary>The inputs of one step: from <c>Generator(seed)</c>, x_t = scale·randn([n, d]), then z = randn([n, d]).</summary>
    public static (Tensor Xt, Tensor Z) Step(ulong seed, int n, int d, float scale)
    {
        var g = new Generator(seed);
        var xt = torch.randn([n, d], g) * scale;
        var z = torch.randn([n, d], g);
        return (xt, z);
    }

    /// <summary>Latents x_T = randn([n, d]) from <c>Generator(seed)</c>.</summary>
    public static Tensor Latents(ulong seed, int n, int d) => torch.randn([n, d], new Generator(seed));

}
