using Grader.Checks.Flows.Support;
using Grader.Contracts.Flows;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>One call of <see cref="IFlowNegativeLogLikelihood"/>: the grader's flow, the points, and what must come back.</summary>
/// <param name="Flow">The flow's spec.</param>
/// <param name="X">Points [N, d], flattened.</param>
/// <param name="Expected">The reference's −log p(x) [N].</param>
/// <param name="Tolerance">Per point.</param>
/// <param name="Variants">The values with one named bug put in.</param>
public sealed record NegativeLogLikelihoodCall(FlowSpec Flow, float[] X, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants);

/// <summary>
/// The exact comparison of the flow's negative log-likelihood, shared by the visible check (snapshot) and the hidden
/// one (fresh flows and points): one value per point, each within its tolerance; a failure names the known bug its
/// values match and the smallest counterexample (the failing point of smallest norm).
/// </summary>
public static class NegativeLogLikelihoodComparison
{
    /// <summary>What each known wrong variant means, in the sheet's terms.</summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("Flows", "negative-log-likelihood");

    /// <summary>The known wrong variants of <paramref name="expected"/> = −log p(x) at points whose flow outputs are (z, logDet), computed in double.</summary>
    public static IReadOnlyList<Variant> Variants(float[] expected, double[] squaredNorm, double[] logDet, int d)
    {
        ArgumentNullException.ThrowIfNull(expected);
        double c = 0.5 * d * Math.Log(2 * Math.PI);
        double mean = expected.Average(v => (double)v);
        return
        [
            new("log-det-sign", squaredNorm.Select((q, i) => (float)(0.5 * q + c + logDet[i])).ToArray()),
            new("constant-missing", squaredNorm.Select((q, i) => (float)(0.5 * q - logDet[i])).ToArray()),
            new("divided-by-dimension", expected.Select(v => v / d).ToArray()),
            new("no-half", squaredNorm.Select((q, i) => (float)(q + c - logDet[i])).ToArray()),
            new("log-likelihood", expected.Select(v => -v).ToArray()),
            new("batch-mean", expected.Select(_ => (float)mean).ToArray()),
        ];
    }

    /// <summary>
    /// The tolerance of −log p(x) = ½‖z‖² + (d/2)·ln 2π − log|det| computed in float32 from the flow's float32 outputs:
    /// a sum of d + 2 terms (γ_{d+2} of their absolute sum), d squarings and the constant's rounding (u each), plus one
    /// float32 rounding of each of the flow's outputs (the flow's outputs on another machine may differ in the last
    /// bit); doubled for the hand-in's and the reference's evaluation, and doubled again for first order.
    /// </summary>
    public static double Tolerance(double squaredNorm, double logDet, int d)
    {
        const double u = 5.9604644775390625e-8; // 2⁻²⁴, float32's unit roundoff
        double c = 0.5 * d * Math.Log(2 * Math.PI);
        double terms = 0.5 * squaredNorm + c + Math.Abs(logDet);
        double gamma = (d + 2) * u / (1 - (d + 2) * u);
        double evaluation = gamma * terms + u * (0.5 * squaredNorm + c);
        double inputs = u * (squaredNorm + Math.Abs(logDet));
        return 4 * (evaluation + inputs);
    }

    /// <summary>Null when every call matches; else the failure.</summary>
    public static CheckResult? Run(HandinCall call, IFlowNegativeLogLikelihood nll, IReadOnlyList<NegativeLogLikelihoodCall> calls, bool showInputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(nll);
        ArgumentNullException.ThrowIfNull(calls);
        var cases = new List<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)>();
        const string what = "NegativeLogLikelihood(x, flow)";
        foreach (var c in calls)
        {
            int d = c.Flow.Dim, n = c.X.Length / d;
            var flow = c.Flow.Create();
            var x = torch.tensor(c.X, n, d);
            if (call.Run(what, () => nll.NegativeLogLikelihood(x, flow), out var result) is { } threw) return threw;
            if (result is not null && !result.shape.SequenceEqual([n]))
                return call.NotOnePerRow(what, "a tensor", result, n, $"expected one value per point, shape [N] = [{n}]", c.Expected.Average(v => (double)v),
                    "the batch mean of the reference's values: return one value per point, not the loss");
            if (call.Tensor(what, result, [n]) is { } bad) return bad;
            cases.Add((result!.ToArray(), c.Expected, c.Tolerance, c.Variants));
        }

        var outcomes = cases.Select(c => Compare(c.Seen, c.Expected, c.Tolerance)).ToArray();
        if (outcomes.All(o => o.Outside.Count == 0)) return null;
        int k = Array.FindIndex(outcomes, o => o.Outside.Count > 0);
        var (outside, worst, _) = outcomes[k];
        var seen = cases[k].Seen;
        var expected = cases[k].Expected;
        int dim = calls[k].Flow.Dim;
        var diagnosis = MatchVariant(cases) is { } name && Explanations.TryGetValue(name, out var text) ? text + " " : "";
        int smallest = outside.OrderBy(i => Norm(calls[k].X, i, dim)).First();
        var where = showInputs
            ? $"Smallest counterexample: case {k}, point {smallest}, x = {Row(calls[k].X, smallest, dim)} (expected {F(expected[smallest])}, seen {F(seen[smallest])})."
            : $"Smallest counterexample: a point of dimension {dim}, x = {Row(calls[k].X, smallest, dim)} (expected {F(expected[smallest])}, seen {F(seen[smallest])}).";
        int total = cases.Sum(c => c.Expected.Length), count = outcomes.Sum(o => o.Outside.Count);
        return call.Fail(
            $"{what} differs from the reference: expected {F(expected[worst])}, seen {F(seen[worst])} (|Δ| = {E(Math.Abs((double)seen[worst] - expected[worst]))} > tolerance {E(cases[k].Tolerance[worst])}; " +
            $"{count} of {total} values outside, largest |Δ| = {E(outcomes.Max(o => o.MaxDeviation))}). {diagnosis}{where} Re-read {call.SheetRef}.",
            expected: F(expected[worst]), seen: F(seen[worst]));
    }

    private static double Norm(float[] x, int row, int d)
    {
        double s = 0;
        for (int j = 0; j < d; j++) s += (double)x[row * d + j] * x[row * d + j];
        return s;
    }
}
