using Grader.Checks.Hidden.Flows;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// The log-determinant of a coupling chain from the log-scales its evaluation met (<see cref="ChainEvaluation.LogScales"/>):
/// forward Σ s over every block, inverse −Σ s; and a first-order bound on a float32 evaluation: per block the sum of the
/// q log-scales (their errors plus γ_{q−1}·Σ|s|), and u of each partial sum as blocks add up.
/// </summary>
public static class LogDeterminantBound
{
    /// <summary>(log|det|, its float32 bound) of a forward (<paramref name="inverse"/> false) or inverse evaluation.</summary>
    public static (double Value, double Error) Of(ChainEvaluation evaluation, bool inverse, double u = CouplingChain.U)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        double value = 0, error = 0, sign = inverse ? -1 : 1;
        foreach (var s in evaluation.LogScales)
        {
            int q = s.Value.Length;
            double gamma = (q - 1) * u / (1 - (q - 1) * u);
            double block = sign * s.Value.Sum();
            double blockError = s.Error.Sum() + gamma * s.Value.Sum(Math.Abs) + u * Math.Abs(block);
            value += block;
            error += blockError + u * Math.Abs(value);
        }
        return (value, error);
    }
}
