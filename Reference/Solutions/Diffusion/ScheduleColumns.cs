using System.Collections.Immutable;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Diffusion;

/// <summary>
/// Turns double-precision schedule values into float32 tensors that broadcast against a batch: one value per sample,
/// shaped [N, 1, …, 1] (the <c>extract(a, t, x_shape)</c> helper of Ho's code and the DTU skeleton).
/// </summary>
internal static class ScheduleColumns
{
    /// <summary><paramref name="values"/>[t[i]] for each sample i, shaped [N, 1, …, 1] with the rank of <paramref name="like"/>.</summary>
    public static Tensor Gather(ImmutableArray<double> values, int[] t, Tensor like)
    {
        var column = new float[t.Length];
        for (var i = 0; i < t.Length; i++) column[i] = (float)values[t[i]];
        return Column(column, like);
    }

    /// <summary>Per-sample values shaped [N, 1, …, 1] with the rank of <paramref name="like"/>.</summary>
    public static Tensor Column(double[] values, Tensor like) => Column(values.Select(v => (float)v).ToArray(), like);

    private static Tensor Column(float[] values, Tensor like)
    {
        var shape = new int[Math.Max(like.dim(), 1)];
        Array.Fill(shape, 1);
        shape[0] = values.Length;
        return tensor(values, shape);
    }

    /// <summary>Checks that <paramref name="t"/> holds one valid code index per sample of <paramref name="batch"/>.</summary>
    public static void RequireTimesteps(BetaSchedule schedule, int[] t, Tensor batch, string paramName = "t")
    {
        ArgumentNullException.ThrowIfNull(t, paramName);
        if (batch.dim() == 0) throw new ArgumentException("Expected a batch [N, …], got a 0-d tensor.");
        if (t.Length != batch.size(0))
            throw new ArgumentException($"{paramName} has {t.Length} timesteps for a batch of {batch.size(0)} samples; give one code index per sample.", paramName);
        foreach (var ti in t) schedule.RequireIndex(ti, paramName);
    }

    /// <summary>Throws unless the two tensors have the same shape.</summary>
    public static void RequireSameShape(Tensor a, Tensor b, string nameA, string nameB)
    {
        if (!a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"{nameA} has shape [{string.Join(", ", a.shape)}] but {nameB} has shape [{string.Join(", ", b.shape)}]; they must match.");
    }
}
