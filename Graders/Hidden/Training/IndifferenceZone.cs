namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The decision of a training-quality check from a first training run and, when that run is neither clearly good nor
/// clearly bad, <see cref="FreshRuns"/> fresh runs: the first run passes when every score is within its
/// <see cref="ScoreBound.Pass"/> bound and fails when any is beyond its <see cref="ScoreBound.Fail"/> bound; otherwise
/// the decision is the mean of the fresh runs' scores (the median for a <see cref="ScoreBound.FreshMedian"/> score)
/// against their <see cref="ScoreBound.Fresh"/> bounds. The fresh runs are independent of the first (new generators), so
/// a hand-in's false-fail rate is P(first run beyond a fail bound) + P(first run undecided) · P(the fresh runs' statistic
/// beyond a fresh bound), each from the calibration.
/// </summary>
public static class IndifferenceZone
{
    /// <summary>Fresh training runs that decide an undecided first run.</summary>
    public const int FreshRuns = 3;

    /// <summary>Where one run's scores (aligned with <paramref name="bounds"/>) fall.</summary>
    public static Zone Of(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(scores);
        if (bounds.Count != scores.Count) throw new ArgumentException($"{scores.Count} scores for {bounds.Count} bounds", nameof(scores));
        if (bounds.Zip(scores).Any(p => p.First.Fails(p.Second))) return Zone.Fail;
        return bounds.Zip(scores).All(p => p.First.Passes(p.Second)) ? Zone.Pass : Zone.Undecided;
    }

    /// <summary>
    /// The runs a training check decides on: <paramref name="first"/>, and when its scores (<paramref name="values"/>) are
    /// undecided, <see cref="FreshRuns"/> fresh runs from <paramref name="measure"/> (called with 1, 2, …). A fresh run
    /// that fails (the hand-in's code, its training) ends the decision with that failure; otherwise the failure is null
    /// and the check's verdict is read from the runs (<see cref="Decide"/>).
    /// </summary>
    public static (CheckResult? Failed, List<TRun> Runs) Runs<TRun>(IReadOnlyList<ScoreBound> bounds, Func<TRun, IReadOnlyList<double>> values, TRun first,
        Func<int, (CheckResult? Failed, TRun? Run)> measure)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(measure);
        var runs = new List<TRun> { first };
        if (Of(bounds, values(first)) == Zone.Undecided)
            for (var run = 1; run <= FreshRuns; run++)
            {
                var (failed, fresh) = measure(run);
                if (failed is not null) return (failed, runs);
                runs.Add(fresh!);
            }

        return (null, runs);
    }

    /// <summary>The per-score mean over runs (each aligned with the bounds).</summary>
    public static double[] Mean(IReadOnlyList<IReadOnlyList<double>> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("no runs", nameof(runs));
        return [.. Enumerable.Range(0, runs[0].Count).Select(i => runs.Average(r => r[i]))];
    }

    /// <summary>
    /// The fresh runs' statistic per score: the median over <paramref name="runs"/> for a <see cref="ScoreBound.FreshMedian"/>
    /// bound, the mean for every other; NaN when any run's value of that score is NaN.
    /// </summary>
    public static double[] Fresh(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<IReadOnlyList<double>> runs)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var mean = Mean(runs);
        return [.. bounds.Select((b, i) => b.FreshMedian ? Median([.. runs.Select(r => r[i])]) : mean[i])];
    }

    private static double Median(double[] values)
    {
        if (values.Any(double.IsNaN)) return double.NaN;
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>Whether every fresh-run statistic (<see cref="Fresh"/>: a mean, or a median) is within its fresh-run bound.</summary>
    public static bool FreshPasses(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<double> fresh) =>
        bounds.Zip(fresh).All(p => p.First.FreshPasses(p.Second));

    /// <summary>
    /// The decision for the first run's scores and, when those are undecided, the fresh runs' (then at least one more),
    /// with the sentence feedback gives for it; the first run's scores are printed as <paramref name="shown"/> gives them
    /// when given (e.g. an improvement within float32 rounding as 0, <see cref="BudgetResponse.Shown"/>), while the decision
    /// reads <paramref name="runs"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The first run is undecided and no fresh run is given.</exception>
    public static (bool Passed, string Text) Decide(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<IReadOnlyList<double>> runs, IReadOnlyList<double>? shown = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var first = runs[0];
        var printed = shown ?? first;
        if (printed.Count != first.Count) throw new ArgumentException($"{printed.Count} printed scores for {first.Count}", nameof(shown));
        var firstLine = Line(bounds, printed);
        switch (Of(bounds, first))
        {
            case Zone.Pass:
                return (true, firstLine);
            case Zone.Fail:
                return (false, $"{firstLine}; beyond the bounds no correct training reaches: {Beyond(bounds, first, printed, far: true)}");
        }

        if (runs.Count < 2) throw new InvalidOperationException("The first run is undecided; the decision needs the fresh runs.");
        var fresh = Fresh(bounds, runs.Skip(1).ToList());
        var passed = FreshPasses(bounds, fresh);
        var medians = bounds.Where(b => b.FreshMedian).Select(b => b.Name).ToList();
        var statistic = medians.Count == 0 ? "their mean" : $"their mean (the median for {string.Join(", ", medians)})";
        var text = $"the first training's scores ({firstLine}) were neither clearly good nor clearly bad, so the network was trained {runs.Count - 1} more times from fresh random numbers; {statistic}: {string.Join(", ", bounds.Zip(fresh).Select(p => $"{p.First.Name} = {F(p.Second)} ({p.First.FreshText})"))}";
        return (passed, passed ? text : $"{text}; beyond the bounds: {Beyond(bounds, fresh, fresh, far: false)}");
    }

    /// <summary>
    /// A training check's result for its runs' scores (<paramref name="runs"/>, the first run's first) against
    /// <paramref name="bounds"/> (<see cref="Decide"/>): a pass in <paramref name="pass"/>'s words, or a failure in
    /// <paramref name="fail"/>'s (each given the decision's sentence) with the clearly-good bounds as expected and the
    /// first run's scores as seen; <paramref name="setUp"/> is the tutor's detail either way.
    /// </summary>
    public static CheckResult Verdict(string id, string sheetRef, IReadOnlyList<ScoreBound> bounds, IReadOnlyList<IReadOnlyList<double>> runs, string setUp,
        Func<string, string> pass, Func<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(fail);
        var (passed, decided) = Decide(bounds, runs);
        return (passed
            ? CheckResult.Pass(id, pass(decided), sheetRef)
            : CheckResult.Fail(id, fail(decided), expected: Expected(bounds), seen: Line(bounds, runs[0]), sheetRef: sheetRef)) with { TutorDetail = setUp };
    }

    /// <summary>"MMD² = 0.001 (≤ 0.0075), …": each score with its clearly-good bound.</summary>
    public static string Line(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<double> values) =>
        string.Join(", ", bounds.Zip(values).Select(p => $"{p.First.Name} = {F(p.Second)} ({p.First.PassText})"));

    /// <summary>"MMD² ≤ 0.0075, …": the clearly-good bounds.</summary>
    public static string Expected(IReadOnlyList<ScoreBound> bounds) => string.Join(", ", bounds.Select(b => $"{b.Name} {b.PassText}"));

    /// <summary>The scores beyond their clearly-bad (<paramref name="far"/>) or fresh-run bounds, with the bound, each printed as <paramref name="printed"/> gives it.</summary>
    private static string Beyond(IReadOnlyList<ScoreBound> bounds, IReadOnlyList<double> values, IReadOnlyList<double> printed, bool far) =>
        string.Join(", ", bounds.Select((b, i) => (Bound: b, Value: values[i], Printed: printed[i]))
            .Where(p => far ? p.Bound.Fails(p.Value) : !p.Bound.FreshPasses(p.Value))
            .Select(p => $"{p.Bound.Name} = {F(p.Printed)}, needed {(far ? p.Bound.FailText : p.Bound.FreshText)}"));

    private static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>Where a first run falls.</summary>
    public enum Zone
    {
        /// <summary>Every score within its pass bound: the check passes on this run.</summary>
        Pass,

        /// <summary>Between the bounds: fresh runs decide.</summary>
        Undecided,

        /// <summary>A score beyond its fail bound: the check fails on this run.</summary>
        Fail,
    }
}
