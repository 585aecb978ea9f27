using Grader.Tensors;

namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>
/// The fixed inputs of the exact checks, rebuilt from the seeds a snapshot stores. The snapshot tests build the
/// reference's inputs with these same functions, so check and reference see the same numbers bit for bit.
/// </summary>
public static class SnapshotInputs
{
    /// <summary>
    /// A batch for the negative ELBO: from <c>Generator(seed)</c>, x = scale·randn([n, d]), then ε = randn([n, d]),
    /// then t_i = NextInt(0, T) for each sample, with t₀ = 0 and t₁ = T − 1 so both ends of the schedule are always hit.
    /// </summary>
    public static (Tensor X, Tensor Epsilon, int[] T) ElboBatch(ulong seed, int n, int d, int T, float scale)
    {
        var g = new Generator(seed);
        var x = torch.randn([n, d], g) * scale;
        var epsilon = torch.randn([n, d], g);
        var t = new int[n];
        for (var i = 0; i < n; i++) t[i] = (int)g.NextInt(0, T);
        if (n > 0) t[0] = 0;
        if (n > 1) t[1] = T - 1;
        return (x, epsilon, t);
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

    /// <summary>t as the DTU contract passes it: [N, 1] float.</summary>
    public static Tensor TimeColumn(int[] t) => torch.tensor(t.Select(v => (float)v).ToArray(), t.Length, 1);
}
