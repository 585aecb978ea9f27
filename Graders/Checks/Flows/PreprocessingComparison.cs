using Grader.Checks.Flows.Snapshots;
using Grader.Contracts.Flows;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>
/// Runs the three calls of the improved preprocessing (<see cref="IEventPreprocessing"/>) of a
/// <see cref="PreprocessingSnapshot"/> on a hand-in and compares what each returns, element by element; shared by the
/// visible check (the approved snapshot) and the hidden one (fresh events).
/// </summary>
public static class PreprocessingComparison
{
    /// <summary>What each known wrong variant means, in the sheet's terms.</summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("Flows", "preprocessing");

    /// <summary>Null when all three calls match; else the failure of the first that does not.</summary>
    /// <param name="call">The check's call helper.</param>
    /// <param name="preprocessing">The hand-in.</param>
    /// <param name="c">The case.</param>
    /// <param name="showInputs">Whether the message may show input events (visible) or not (hidden).</param>
    public static CheckResult? Run(HandinCall call, IEventPreprocessing preprocessing, PreprocessingSnapshot c, bool showInputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(c);
        int n = c.TrainingEvents.Length / 8, m = c.Events.Length / 8, k = c.UndoFeatures.Length / 3;

        const string fit = "Fit(training events)";
        if (call.Run(fit, () => preprocessing.Fit(torch.tensor(c.TrainingEvents, n, 8)), out var fitted) is { } threw) return threw;
        if (fitted is null || fitted.Mean is null || fitted.Std is null || fitted.Mean.Length != 3 || fitted.Std.Length != 3)
            return call.Fail($"{fit} must return three means and three standard deviations (one per feature: ln(pT₁ − 10), artanh(η₁/2.50001), artanh(η₂/2.50001)); it returned {Lengths(fitted)}. Re-read {call.SheetRef}.");
        if (fitted.Mean.Concat(fitted.Std).Any(v => !double.IsFinite(v)))
            return call.Fail($"{fit} returned a mean or standard deviation that is not a finite number: [{string.Join(", ", fitted.Mean.Select(v => F(v)))}], [{string.Join(", ", fitted.Std.Select(v => F(v)))}]. Re-read {call.SheetRef}.");
        if (Compare(call, fit, "means", fitted.Mean, c.Mean, c.MeanTolerance, [], 1) is { } badMean) return badMean;
        if (Compare(call, fit, "standard deviations", fitted.Std, c.Std, c.StdTolerance, c.StdVariants, 1) is { } badStd) return badStd;

        var standardisation = new FeatureStandardisation((double[])c.Mean.Clone(), (double[])c.Std.Clone());
        const string preprocess = "Preprocess(events, standardisation)";
        if (call.Run(preprocess, () => preprocessing.Preprocess(torch.tensor(c.Events, m, 8), standardisation), out var features) is { } threw2) return threw2;
        if (call.Tensor(preprocess, features, [m, 3], $"expected the three features of each event, [n, 3] = [{m}, 3]") is { } badShape) return badShape;
        if (Compare(call, preprocess, "features", features.ToDoubleArray(), c.Features.Select(v => (double)v).ToArray(), c.FeatureTolerance, c.FeatureVariants, 3,
                showInputs ? i => $"event {i}: {Row(c.Events, i, 8)}" : null) is { } badFeatures) return badFeatures;

        const string undo = "UndoPreprocess(features, standardisation, φ₁)";
        if (call.Run(undo, () => preprocessing.UndoPreprocess(torch.tensor(c.UndoFeatures, k, 3), standardisation, torch.tensor(c.Phi1, k)), out var events) is { } threw3) return threw3;
        if (call.Tensor(undo, events, [k, 8], $"expected one event per row, (E, px, py, pz) of muon 1 then of muon 2, [n, 8] = [{k}, 8]") is { } badEvents) return badEvents;
        return Compare(call, undo, "event entries", events.ToDoubleArray(), c.UndoEvents.Select(v => (double)v).ToArray(), c.UndoTolerance, c.UndoVariants, 8,
            showInputs ? i => $"features {Row(c.UndoFeatures, i, 3)}, φ₁ = {F(c.Phi1[i])}" : null);
    }

    private static CheckResult? Compare(HandinCall call, string what, string part, double[] seen, double[] expected, double[] tolerance, IReadOnlyList<Variant> variants, int perRow,
        Func<int, string>? input = null)
    {
        var (outside, worst, largest) = Outside(seen, expected, tolerance);
        if (outside.Count == 0) return null;
        var seenF = seen.Select(v => (float)v).ToArray();
        var expectedF = expected.Select(v => (float)v).ToArray();
        var diagnosis = MatchVariant([(seenF, expectedF, tolerance, variants)]) is { } name && Explanations.TryGetValue(name, out var text) ? text + " " : "";
        int row = worst / perRow;
        var where = input is null ? "" : $"Smallest counterexample: {input(outside.Select(i => i / perRow).Min())}. ";
        return call.Fail(
            $"{what} differs from the reference: {part} expected {F(expected[worst])}, seen {F(seen[worst])} (row {row}, |Δ| = {E(Math.Abs(seen[worst] - expected[worst]))} > tolerance {E(tolerance[worst])}; " +
            $"{outside.Count} of {expected.Length} outside, largest |Δ| = {E(largest)}). {diagnosis}{where}Re-read {call.SheetRef}.",
            expected: F(expected[worst]), seen: F(seen[worst]));
    }

    /// <summary>The indices where |seen − expected| exceeds the tolerance, the worst of them, and the largest |Δ| (expected in double).</summary>
    private static (List<int> Outside, int Worst, double Largest) Outside(double[] seen, double[] expected, double[] tolerance)
    {
        var outside = new List<int>();
        int worst = 0;
        double worstRatio = -1, largest = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(seen[i] - expected[i]);
            largest = Math.Max(largest, double.IsNaN(d) ? double.PositiveInfinity : d);
            if (d <= tolerance[i]) continue;
            outside.Add(i);
            double ratio = d / Math.Max(tolerance[i], double.Epsilon);
            if (double.IsNaN(ratio) || ratio > worstRatio) { worstRatio = double.IsNaN(ratio) ? double.PositiveInfinity : ratio; worst = i; }
        }
        return (outside, worst, largest);
    }

    private static string Lengths(FeatureStandardisation? s) =>
        s is null ? "null" : $"{s.Mean?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} means and {s.Std?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} standard deviations";
}
