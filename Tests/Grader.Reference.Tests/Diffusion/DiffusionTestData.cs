using Grader.Reference.Diffusion;

namespace Grader.Reference.Tests.Diffusion;

/// <summary>Shared helpers for the diffusion tests.</summary>
internal static class DiffusionTestData
{
    /// <summary>The Heidelberg schedule (linear, T = 250).</summary>
    public static BetaSchedule Heidelberg { get; } = BetaSchedule.Linear(250);

    /// <summary>Ho et al. / DTU main (linear, T = 1000).</summary>
    public static BetaSchedule Ho { get; } = BetaSchedule.Linear(1000);

    public static Tensor Normal(Generator g, params int[] shape) => randn(shape, g);

    public static int[] Uniform(Generator g, int n, int T) => Enumerable.Range(0, n).Select(_ => (int)g.NextInt(0, T)).ToArray();

    public static int[] Fill(int t, int n) => Enumerable.Repeat(t, n).ToArray();

    /// <summary>Largest absolute difference between two tensors of the same shape.</summary>
    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        var x = a.ToDoubleArray();
        var y = b.ToDoubleArray();
        if (x.Length != y.Length) throw new ArgumentException("length mismatch");
        double m = 0;
        for (var i = 0; i < x.Length; i++) m = Math.Max(m, Math.Abs(x[i] - y[i]));
        return m;
    }
}
