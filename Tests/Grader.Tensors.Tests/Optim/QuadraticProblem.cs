namespace Grader.Tensors.Tests.Optim;

/// <summary>
/// L = Σⱼ Σᵢ ½·aⱼᵢ·(pⱼᵢ − cⱼᵢ)² over several parameter tensors (one longer than a SIMD vector, so the vector loop
/// and the scalar tail both run), with ∇ = a·(p − c). The optimizer tests run it in the engine and, as a reference,
/// in double with the update rule written out by hand.
/// </summary>
internal sealed class QuadraticProblem
{
    public readonly Tensor[] Parameters;
    public readonly double[][] Start;
    private readonly double[][] _a, _c;

    public QuadraticProblem(int seed, params int[][] shapes)
    {
        var g = new Generator(seed);
        Parameters = shapes.Select(s => randn(s, g).requires_grad_()).ToArray();
        Start = Parameters.Select(p => p.ToDoubleArray()).ToArray();
        _a = shapes.Select(s => rand(s, g).ToDoubleArray().Select(v => 0.5 + 2 * (double)(float)v).Select(v => (double)(float)v).ToArray()).ToArray();
        _c = shapes.Select(s => randn(s, g).ToDoubleArray()).ToArray();
    }

    /// <summary>The engine's loss (used with backward()).</summary>
    public Tensor Loss()
    {
        Tensor? total = null;
        for (int j = 0; j < Parameters.Length; j++)
        {
            var shape = Parameters[j].shape;
            var a = tensor(_a[j], shape);
            var d = Parameters[j] - tensor(_c[j], shape);
            var l = (a * d * d).sum() * 0.5f;
            total = total is null ? l : total + l;
        }
        return total!;
    }

    /// <summary>∇ in double at the given values.</summary>
    public double[] Gradient(int j, double[] p) => p.Select((v, i) => _a[j][i] * (v - _c[j][i])).ToArray();
}
