namespace Grader.Metrics;

/// <summary>
/// The mean of a known log-density over the rows of a sample <c>double[n, d]</c>, and the fraction of rows on the
/// density's support. Meant for targets with a closed-form density and holes in their support, such as the DTU
/// Chequerboard, whose log-density is −∞ off the support.
/// </summary>
/// <remarks>
/// <para>
/// Convention: <c>Mean = (1/n) Σ_i log p(x_i)</c>, computed in row order. A single row with <c>log p = −∞</c> makes
/// the mean −∞, and it is reported as <see cref="double.NegativeInfinity"/> (never clamped, never NaN).
/// <c>SupportFraction = #{i : log p(x_i) finite} / n</c>. <see cref="LogDensitySummary.MeanOnSupport"/> averages
/// over the finite rows only, for a readable message.
/// </para>
/// <para>
/// A row with a NaN or infinite coordinate (a broken hand-in) is counted as off the support (log p = −∞) without
/// calling the log-density: fail closed. A log-density that returns NaN or +∞ for a finite row is a grader defect
/// and throws <see cref="InvalidOperationException"/>. The row passed to the log-density is a fresh array.
/// </para>
/// </remarks>
public static class MeanLogDensity
{
    /// <summary>The mean log-density over the rows (−∞ if any row is off the support).</summary>
    public static double Mean(double[,] x, Func<double[], double> logDensity) => Evaluate(x, logDensity).Mean;

    /// <summary>The fraction of rows where the log-density is finite.</summary>
    public static double SupportFraction(double[,] x, Func<double[], double> logDensity) => Evaluate(x, logDensity).SupportFraction;

    /// <summary>Both numbers in one pass, with the count and first index of the rows off the support.</summary>
    public static LogDensitySummary Evaluate(double[,] x, Func<double[], double> logDensity)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(logDensity);
        int n = x.GetLength(0), d = x.GetLength(1);
        if (n < 1) throw new ArgumentException("The sample has no rows.", nameof(x));
        double sum = 0;
        var onSupport = 0;
        var firstOff = -1;
        for (var i = 0; i < n; i++)
        {
            var row = new double[d];
            var finiteRow = true;
            for (var k = 0; k < d; k++)
            {
                row[k] = x[i, k];
                finiteRow &= double.IsFinite(row[k]);
            }
            var lp = finiteRow ? logDensity(row) : double.NegativeInfinity;
            if (double.IsNaN(lp) || double.IsPositiveInfinity(lp))
                throw new InvalidOperationException($"The log-density returned {lp} at row {i}; expected a finite value or −∞.");
            if (double.IsNegativeInfinity(lp))
            {
                if (firstOff < 0) firstOff = i;
                continue;
            }
            onSupport++;
            sum += lp;
        }
        var meanOnSupport = onSupport > 0 ? sum / onSupport : double.NaN;
        var mean = onSupport == n ? sum / n : double.NegativeInfinity;
        return new LogDensitySummary(mean, (double)onSupport / n, n - onSupport, firstOff, meanOnSupport);
    }
}

/// <summary>
/// Result of <see cref="MeanLogDensity.Evaluate"/>: <paramref name="Mean"/> (−∞ if any row is off the support),
/// <paramref name="SupportFraction"/> in [0, 1], the number of rows off the support and the first such row (−1 if
/// none), and the mean over the rows on the support (NaN if there are none).
/// </summary>
public sealed record LogDensitySummary(double Mean, double SupportFraction, int OffSupportRows, int FirstOffSupportRow, double MeanOnSupport);
