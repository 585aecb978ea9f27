using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Calls a hand-in's <see cref="IOdeLogLikelihood"/> on each <see cref="LogLikelihoodCase"/> and compares with the
/// reference's values under their tolerances; on a failure names the matched wrong variant (trace sign, base density,
/// direction, shifted times) and gives the smallest counterexample (the failing example with the fewest grid points).
/// A mismatch that the caller's <c>onlyTheIntegrator</c> puts down to the hand-in's own integrator alone passes with its
/// message (the integrator is graded in task 1.4): the tutor's side compares with the scheme run with the hand-in's own
/// steps; the visible check, which holds no scheme, defers to the integrator's own visible check. For a hidden check (<see cref="HandinCall.Conceals"/>)
/// a failure names no example count, grid size or drawn drift; those go to the tutor's detail.
/// </summary>
public static class LogLikelihoodComparison
{
    /// <summary>
    /// What to tell a student whose output matches a known wrong variant, by the variant's key (the values come with the
    /// case: from the approved snapshot, or computed live by the tutor's side).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Explanations { get; } = DiagnosisFile.Read("OdeSde", "log-likelihood");

    /// <param name="onlyTheIntegrator">
    /// Given the values seen on every case (when they differ from the reference's), the pass message when the difference
    /// is the hand-in's integrator's alone, else null; null when no such explanation is sought.
    /// </param>
    /// <param name="onlyTheSolverDiffers">Set when the values differ from the reference's and <paramref name="onlyTheIntegrator"/> explained it.</param>
    public static CheckResult Grade(HandinCall call, IOdeLogLikelihood handin, IReadOnlyList<LogLikelihoodCase> cases, string inputs,
        Func<float[][], string?>? onlyTheIntegrator, out bool onlyTheSolverDiffers)
    {
        onlyTheSolverDiffers = false;
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(handin);
        ArgumentNullException.ThrowIfNull(cases);
        var compared = new List<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)>();
        foreach (var c in cases)
        {
            int n = c.Y.Length;
            string what = $"LogLikelihood(y, drift, \"{c.Method}\", {c.TimePoints})";
            if (call.Run(what, () => handin.LogLikelihood(torch.tensor(c.Y, n, 1), c.Drift, c.Method, c.TimePoints), out var result) is { } threw)
                return threw;
            if (call.Tensor(what, result, [n], $"expected log p(y_i) of each example, shape [N] = [{n}]") is { } bad)
                return bad;
            compared.Add((result.ToArray(), c.Expected, c.Tolerance, c.Variants));
        }

        var results = compared.Select(c => Compare(c.Seen, c.Expected, c.Tolerance)).ToArray();
        double largest = results.Max(r => r.MaxDeviation);
        int total = cases.Sum(c => c.Y.Length);
        var failing = Enumerable.Range(0, cases.Count).Where(i => results[i].Outside.Count > 0).ToArray();
        if (failing.Length == 0)
        {
            return CheckResult.Pass(call.CheckId,
                $"LogLikelihood matches the reference on {(call.Conceals ? "the examples" : $"{total} examples")} of {inputs} (euler, rk2 and rk4): largest |Δ| = {E(largest)}, within the float32 tolerance.", call.SheetRef);
        }

        if (onlyTheIntegrator?.Invoke(compared.Select(c => c.Seen).ToArray()) is { } integrators)
        {
            onlyTheSolverDiffers = true;
            return CheckResult.Pass(call.CheckId, integrators, call.SheetRef);
        }

        int worstCase = failing.OrderBy(i => cases[i].TimePoints).ThenBy(i => i).First();
        var c0 = cases[worstCase];
        int index = results[worstCase].Worst;
        double seen = compared[worstCase].Seen[index], expected = c0.Expected[index];
        int outside = failing.Sum(i => results[i].Outside.Count);
        string diagnosis = MatchVariant(compared) is { } name && Explanations.TryGetValue(name, out var explanation) ? explanation + " " : "";
        string message =
            $"LogLikelihood differs from the reference: expected log p(y) = {F(expected)}, seen {F(seen)} (|Δ| = {E(Math.Abs(seen - expected))} > tolerance {E(c0.Tolerance[index])}; " +
            $"{outside} of {total} values outside). {diagnosis}" +
            $"Smallest counterexample: y = {F(c0.Y[index])}, method \"{c0.Method}\", {c0.TimePoints} time points, {c0.Description}. Re-read {call.SheetRef}.";
        var failed = call.Fail(message, expected: $"{F(expected)} (y = {F(c0.Y[index])}, {c0.Method}, {c0.TimePoints} points)", seen: F(seen));
        return call.Conceals
            ? failed.Concealed(
                $"LogLikelihood differs from the reference on {inputs}, drawn for this grading run: the worst value is {E(Math.Abs(seen - expected) / c0.Tolerance[index])} times its float32 tolerance away " +
                $"(expected log p(y) = {F(expected)}, seen {F(seen)}; method \"{c0.Method}\", {Share(outside, total)} of the values outside). {diagnosis}Re-read {call.SheetRef}.",
                expected: F(expected), seen: F(seen))
            : failed;
    }

    /// <summary>"every one" or a percentage of the values, without their count.</summary>
    private static string Share(int count, int total) =>
        count == total ? "every one" : $"{Math.Max(1, Math.Round(100.0 * count / total)).ToString("0", System.Globalization.CultureInfo.InvariantCulture)} %";

}
