namespace Grader.Remote.Training;

/// <summary>
/// The bound every probe of "one function, from the first step to the last sample" (issue 79 item 2) holds a model's
/// outputs to: the loops' probes (<see cref="GraderLoop.Probes"/>, a fresh model in the same process) and the checks'
/// probes of the sampling calls on the fresh host (<c>Grader.Checks.Hidden.Training.SamplingProbes</c>, the same rows
/// again in another process and in calls of another size).
/// </summary>
public static class ProbeBound
{
    /// <summary>
    /// The bound on a probe's outputs, relative to 1 + the largest of them: 10⁻⁴ ≈ 1700·u (u = 2⁻²⁴). The other model
    /// computes the same float32 forward from the same parameter values and inputs; within one process that is bit for
    /// bit, and on another host, in a call of another size (another blocking of a matrix product) or another thread split
    /// only the order of each sum may differ, which moves a sum of k products by at most γ_k ≈ k·u of the sum of their
    /// magnitudes: k ≤ 1024 for every width the sheets' networks use, carried through a few layers of activations of
    /// order 1. A network whose function changed (a counter, a memory, a tensor filled in training, a branch on the
    /// call's size or host) answers differently by the size of its outputs.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// The largest gap between <paramref name="expected"/> and <paramref name="actual"/> (outputs of the same calls, of equal
    /// sizes; a NaN counts as infinite) and the bound it is held to, <see cref="Tolerance"/>·(1 + the largest |expected|).
    /// </summary>
    public static (double Worst, double Bound) Gap(float[][] expected, float[][] actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        double worst = 0, scale = 0;
        for (var k = 0; k < expected.Length; k++)
            for (var j = 0; j < expected[k].Length; j++)
            {
                scale = Math.Max(scale, Math.Abs((double)expected[k][j]));
                var gap = Math.Abs((double)expected[k][j] - actual[k][j]);
                worst = double.IsNaN(gap) ? double.PositiveInfinity : Math.Max(worst, gap);
            }

        return (worst, double.IsNaN(scale) ? 0 : Tolerance * (1 + scale));
    }
}
