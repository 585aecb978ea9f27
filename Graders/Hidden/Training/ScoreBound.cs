namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The bounds of one training score: <see cref="Pass"/> (a first run within it is clearly good), <see cref="Fail"/>
/// (beyond it clearly bad), and between them <see cref="Fresh"/>, the bound the mean of the fresh runs must meet when
/// the first run fell in the indifference zone (<see cref="IndifferenceZone"/>). In the good-to-bad order
/// Pass, Fresh, Fail (ties allowed). A score with no clearly-bad bound has <see cref="Fail"/> at infinity (only NaN
/// fails a first run at once), so every run beyond <see cref="Pass"/> is settled by the fresh runs.
/// </summary>
/// <param name="Name">The score's name in feedback ("MMD²", "TwoGaussians energy²", …).</param>
/// <param name="Pass">The clearly-good bound (inclusive).</param>
/// <param name="Fresh">The bound on the fresh runs' mean (inclusive).</param>
/// <param name="Fail">The clearly-bad bound (a score beyond it, exclusive, fails at once).</param>
/// <param name="HigherIsBetter">True for a fraction that must be large (a lower bound); false for a distance.</param>
/// <param name="FreshMedian">
/// True for a heavy-tailed score (a sample distance such as MMD², whose rare large values a normal model does not
/// predict): the fresh runs are judged by their median, which one outlying run cannot move, instead of their mean; with
/// three fresh runs a correct training fails only when two of them are beyond <see cref="Fresh"/> (≈ 3p² for a per-run
/// exceedance p, whatever the tail's shape).
/// </param>
public sealed record ScoreBound(string Name, double Pass, double Fresh, double Fail, bool HigherIsBetter = false, bool FreshMedian = false)
{
    /// <summary>Whether <paramref name="value"/> is on the good side of <see cref="Pass"/>.</summary>
    public bool Passes(double value) => HigherIsBetter ? value >= Pass : value <= Pass;

    /// <summary>Whether a mean of fresh runs, <paramref name="value"/>, is on the good side of <see cref="Fresh"/> (NaN is not).</summary>
    public bool FreshPasses(double value) => HigherIsBetter ? value >= Fresh : value <= Fresh;

    /// <summary>Whether <paramref name="value"/> is beyond <see cref="Fail"/> (NaN is).</summary>
    public bool Fails(double value) => double.IsNaN(value) || (HigherIsBetter ? value < Fail : value > Fail);

    /// <summary>"≤ 0.005" or "≥ 0.98": the pass bound as feedback states it.</summary>
    public string PassText => (HigherIsBetter ? "≥ " : "≤ ") + Pass.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>The bound on the fresh runs' mean, as feedback states it.</summary>
    public string FreshText => (HigherIsBetter ? "≥ " : "≤ ") + Fresh.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>The bound of the indifference zone's far side: "≤ 0.0125" or "≥ 0.96".</summary>
    public string FailText => double.IsInfinity(Fail) ? "a finite value" : (HigherIsBetter ? "≥ " : "≤ ") + Fail.ToString("G3", CultureInfo.InvariantCulture);
}
