using Grader.Tensors;

namespace Grader.Reference.Flows;

/// <summary>
/// Heidelberg sheet 10, ex. 2 (d): the events with the largest likelihoods. The count for a fraction f of n events is
/// round(f·n) (halves away from zero); the order is by decreasing likelihood, ties by increasing row.
/// </summary>
public static class LikelihoodSelection
{
    /// <summary>round(f·n), halves away from zero.</summary>
    public static int Count(int n, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the fraction must be in [0, 1]");
        return (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero);
    }

    /// <summary>Rows of the <see cref="Count"/> largest values of <paramref name="logLikelihood"/> [n], most likely first.</summary>
    public static int[] MostLikely(Tensor logLikelihood, double fraction)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        if (logLikelihood.dim() != 1) throw new ArgumentException($"LikelihoodSelection: need one log-likelihood per event, shape [n], got [{string.Join(", ", logLikelihood.shape)}]");
        var v = logLikelihood.contiguous().ToArray();
        if (v.Any(float.IsNaN)) throw new ArgumentException("LikelihoodSelection: a log-likelihood is NaN");
        int k = Count(v.Length, fraction);
        return Enumerable.Range(0, v.Length).OrderByDescending(i => v[i]).ThenBy(i => i).Take(k).ToArray();
    }
}
