using Grader.Checks.Flows.Snapshots;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>
/// One call of a hand-in's coupling block or INN, compared with what it must return: its input, what it returned (both
/// parts already shape-checked), and the expected outputs.
/// </summary>
/// <param name="Call">The call as the message names it, e.g. "Forward(x, subnet, clamp)".</param>
/// <param name="Case">Which case (for the counterexample).</param>
/// <param name="Input">The input, flattened [N, C].</param>
/// <param name="Channels">C.</param>
/// <param name="Setting">The case's set-up in words, e.g. "C = 3, clamp 2, subnet weights ×10" (shown only for visible cases).</param>
/// <param name="Values">The returned values, flattened [N, C].</param>
/// <param name="LogDet">The returned log-determinants [N].</param>
/// <param name="Expected">What the call must return.</param>
public sealed record ComparedCall(string Call, int Case, float[] Input, int Channels, string? Setting, float[] Values, float[] LogDet, ExpectedOutputs Expected);

/// <summary>
/// The exact comparison shared by the coupling-block and INN checks, visible (snapshot) and hidden (fresh inputs):
/// every value and log-determinant within its tolerance; otherwise a failure naming the first call that differs, the
/// worst element, the known bug its outputs match (if any), and the smallest counterexample (the failing sample with
/// the smallest input norm).
/// </summary>
public static class BlockComparison
{
    /// <summary>
    /// Checks a returned pair's shapes: values [N, C] and one log-determinant per sample [N], finite. A log-determinant of
    /// the wrong shape whose one value is the batch's sum is named.
    /// </summary>
    public static CheckResult? Shapes(HandinCall call, string what, Tensor? values, Tensor? logDet, int n, int c, float[] expectedLogDet)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Tensor(what, values, [n, c]) is { } badValues) return badValues;
        if (logDet is not null && !logDet.shape.SequenceEqual([n]))
        {
            return call.NotOnePerRow(what, "a log-determinant", logDet, n, $"expected one log-determinant per sample, shape [N] = [{n}]", expectedLogDet.Sum(x => (double)x),
                "the sum of the samples' log-determinants: sum over the channels of each sample, not over the batch");
        }
        return call.Tensor(what, logDet, [n], $"expected one log-determinant per sample, shape [N] = [{n}]");
    }

    /// <summary>
    /// Calls the hand-in's Forward or Inverse (<paramref name="body"/>, named <paramref name="what"/>) on <paramref name="input"/>
    /// as an [N, C] tensor, checks the pair's <see cref="Shapes"/> and adds the call to <paramref name="compared"/>: null
    /// when the call returned well-shaped values, else the failure.
    /// </summary>
    /// <param name="k">The case, for the counterexample.</param>
    /// <param name="setting">The case's set-up in words (visible cases) or null.</param>
    public static CheckResult? Call(HandinCall call, string what, Func<Tensor, (Tensor Values, Tensor LogDet)> body, int k, float[] input, int n, int c, string? setting,
        ExpectedOutputs expected, List<ComparedCall> compared)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(compared);
        var x = FlowsSnapshots.Tensor(input, n, c);
        if (call.Run(what, () => body(x), out var result) is { } threw) return threw;
        if (Shapes(call, what, result.Values, result.LogDet, n, c, expected.LogDet) is { } bad) return bad;
        compared.Add(new ComparedCall(what, k, input, c, setting, result.Values.ToArray(), result.LogDet.ToArray(), expected));
        return null;
    }

    /// <summary>Null when every call matches; else the failure.</summary>
    /// <param name="call">The check's call helper.</param>
    /// <param name="calls">Every compared call.</param>
    /// <param name="explanations">A sentence per variant name.</param>
    /// <param name="showSetting">Whether the message may show the cases' set-ups and inputs (visible cases) or must not (hidden ones).</param>
    public static CheckResult? Compare(HandinCall call, IReadOnlyList<ComparedCall> calls, IReadOnlyDictionary<string, string> explanations, bool showSetting)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(explanations);
        foreach (var group in calls.GroupBy(c => c.Call))
        {
            var list = group.ToList();
            var valueCases = list.Select(c => (c.Values, c.Expected.Values, c.Expected.ValueTolerance, c.Expected.ValueVariants)).ToList();
            var logDetCases = list.Select(c => (c.LogDet, c.Expected.LogDet, c.Expected.LogDetTolerance, c.Expected.LogDetVariants)).ToList();
            var valueFailure = Worst(list, valueCases, perSample: list.Select(c => c.Channels).ToList());
            var logDetFailure = Worst(list, logDetCases, perSample: list.Select(_ => 1).ToList());
            if (valueFailure is null && logDetFailure is null) continue;

            var diagnoses = new List<string>();
            if (valueFailure is not null && MatchVariant(valueCases.Select(v => (v.Item1, v.Item2, v.Item3, v.Item4)).ToList()) is { } valueBug && explanations.TryGetValue(valueBug, out var valueText))
                diagnoses.Add(valueText);
            if (logDetFailure is not null && MatchVariant(logDetCases.Select(v => (v.Item1, v.Item2, v.Item3, v.Item4)).ToList()) is { } logDetBug && explanations.TryGetValue(logDetBug, out var logDetText))
                diagnoses.Add(logDetText);

            var parts = new List<string>();
            if (valueFailure is { } vf) parts.Add(Describe("outputs", vf));
            if (logDetFailure is { } lf) parts.Add(Describe("log-determinants", lf));
            var first = valueFailure ?? logDetFailure!.Value;
            var smallest = Smallest(list, valueFailure, logDetFailure);
            var where = showSetting
                ? $"Smallest counterexample: case {smallest.Case.Case} ({smallest.Case.Setting}), sample {smallest.Sample}, input {Row(smallest.Case.Input, smallest.Sample, smallest.Case.Channels)}."
                : $"Smallest counterexample: an input of {smallest.Case.Channels} channels, sample {Row(smallest.Case.Input, smallest.Sample, smallest.Case.Channels)}.";
            var diagnosis = diagnoses.Count == 0 ? "" : string.Join(" ", diagnoses) + " ";
            return call.Fail($"{group.Key} differs from the reference: {string.Join("; ", parts)}. {diagnosis}{where} Re-read {call.SheetRef}.",
                expected: $"{F(first.Expected)} ({(valueFailure is null ? "log-determinant" : "output")} of sample {first.Sample})",
                seen: F(first.Seen));
        }
        return null;
    }

    /// <summary>The worst element outside its tolerance over the calls of one kind, or null when all are inside.</summary>
    private static Failure? Worst(List<ComparedCall> calls, List<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)> cases, List<int> perSample)
    {
        Failure? worst = null;
        int outside = 0, total = 0;
        double largest = 0;
        for (int k = 0; k < cases.Count; k++)
        {
            var (seen, expected, tolerance, _) = cases[k];
            var (indices, worstIndex, max) = Grader.Checks.Comparison.ExactComparison.Compare(seen, expected, tolerance);
            outside += indices.Count;
            total += expected.Length;
            largest = Math.Max(largest, max);
            if (indices.Count == 0) continue;
            double ratio = Math.Abs((double)seen[worstIndex] - expected[worstIndex]) / Math.Max(tolerance[worstIndex], double.Epsilon);
            if (worst is null || ratio > worst.Value.Ratio)
                worst = new Failure(k, worstIndex / perSample[k], seen[worstIndex], expected[worstIndex], tolerance[worstIndex], ratio, indices.Select(i => i / perSample[k]).Distinct().ToArray(), 0, 0, 0);
        }
        return worst is { } w ? w with { Outside = outside, Total = total, Largest = largest } : null;
    }

    private static string Describe(string what, Failure f) =>
        $"{what} expected {F(f.Expected)}, seen {F(f.Seen)} (|Δ| = {E(Math.Abs((double)f.Seen - f.Expected))} > tolerance {E(f.Tolerance)}; {f.Outside} of {f.Total} {what} outside, largest |Δ| = {E(f.Largest)})";

    /// <summary>The failing sample with the smallest input norm over both kinds of failure.</summary>
    private static (ComparedCall Case, int Sample) Smallest(List<ComparedCall> calls, Failure? values, Failure? logDets)
    {
        var candidates = new List<(ComparedCall Case, int Sample)>();
        foreach (var f in new[] { values, logDets }.OfType<Failure>())
        {
            // Every failing sample of the worst case is a candidate.
            candidates.AddRange(f.FailingSamples.Select(s => (calls[f.Case], s)));
        }
        return candidates.OrderBy(c => Norm(c.Case.Input, c.Sample, c.Case.Channels)).First();
    }

    private static double Norm(float[] x, int row, int c)
    {
        double s = 0;
        for (int j = 0; j < c; j++) s += (double)x[row * c + j] * x[row * c + j];
        return s;
    }

    private readonly record struct Failure(int Case, int Sample, float Seen, float Expected, double Tolerance, double Ratio, int[] FailingSamples, int Outside, int Total, double Largest);
}
