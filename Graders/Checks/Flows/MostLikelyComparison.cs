using Grader.Checks.Flows.Support;
using Grader.Contracts.Flows;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Flows;

/// <summary>One call of <see cref="IMostLikelyEvents"/>: the grader's flow, the points, the fraction, and each point's log-likelihood with its tie tolerance.</summary>
/// <param name="Flow">The flow's spec.</param>
/// <param name="X">Points [n, d], flattened.</param>
/// <param name="Fraction">The fraction asked for (fraction·n is a whole number).</param>
/// <param name="LogLikelihood">The reference's log p(x) per point.</param>
/// <param name="Tolerance">Per point: how far a float32 evaluation of log p may be from it (two points closer than the sum of theirs count as tied).</param>
public sealed record MostLikelyCall(FlowSpec Flow, float[] X, double Fraction, double[] LogLikelihood, double[] Tolerance);

/// <summary>
/// The selection of the most likely points, shared by the visible check (snapshot) and the hidden one (fresh flows and
/// points). Exact up to ties: the hand-in returns round(fraction·n) distinct row indices; every point it leaves out is no
/// more likely than any it keeps, and they come most likely first, each comparison up to the two points' tolerances
/// (so a correct hand-in whose float32 likelihoods break a near-tie the other way still passes). A failure names the
/// bug where the selection is the least likely points, the right points in the wrong order, or the points of smallest
/// latent norm (the log-determinant left out).
/// </summary>
public static class MostLikelyComparison
{
    /// <summary>
    /// Null when every call's selection is right; else the failure. Without <paramref name="showInputs"/> (the hidden
    /// check's drawn points) the student's message names no point count or index; counts go to the tutor's detail.
    /// </summary>
    public static CheckResult? Run(HandinCall call, IMostLikelyEvents handin, IReadOnlyList<MostLikelyCall> calls, bool showInputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(handin);
        ArgumentNullException.ThrowIfNull(calls);
        for (int k = 0; k < calls.Count; k++)
        {
            var c = calls[k];
            int d = c.Flow.Dim, n = c.X.Length / d;
            int count = (int)Math.Round(c.Fraction * n, MidpointRounding.AwayFromZero);
            var flow = c.Flow.Create();
            var x = torch.tensor(c.X, n, d);
            var what = string.Create(CultureInfo.InvariantCulture, $"MostLikely(x, flow, {c.Fraction:G3})");
            if (call.Run(what, () => handin.MostLikely(x, flow, c.Fraction), out var selected) is { } threw) return threw;
            var setting = showInputs ? $" (case {k}: n = {n} points of dimension {d})" : "";
            if (selected is null) return call.Fail($"{what} returned null; expected the row indices of the {Percent(c.Fraction)} most likely points{setting}. Re-read {call.SheetRef}.");
            if (selected.Length != count)
            {
                var wrongCount = call.Fail($"{what} returned {selected.Length} indices; the {Percent(c.Fraction)} most likely of {n} points are {count}{setting}. Re-read {call.SheetRef}.",
                    expected: $"{count} indices", seen: $"{selected.Length} indices");
                return showInputs ? wrongCount : wrongCount.Concealed(
                    $"{what} returned {(selected.Length < count ? "too few" : "too many")} indices for the points drawn for this grading run: {Percent((double)selected.Length / n)} of them, where the {Percent(c.Fraction)} most likely are asked for (round(fraction·n) indices). Re-read {call.SheetRef}.",
                    expected: $"the indices of {Percent(c.Fraction)} of the points", seen: $"the indices of {Percent((double)selected.Length / n)} of the points");
            }
            if (selected.FirstOrDefault(i => i < 0 || i >= n) is var outOfRange && selected.Any(i => i < 0 || i >= n))
            {
                var outside = call.Fail($"{what} returned the index {outOfRange}, outside the rows 0 … {n - 1} of x{setting}. Re-read {call.SheetRef}.");
                return showInputs ? outside : outside.Concealed($"{what} returned an index outside the rows of x ({(outOfRange < 0 ? "negative" : "n or more for n points")}). Re-read {call.SheetRef}.");
            }
            if (selected.Distinct().Count() != selected.Length)
                return call.Fail($"{what} returned the index {selected.GroupBy(i => i).First(g => g.Count() > 1).Key} more than once{setting}. Re-read {call.SheetRef}.");

            var L = c.LogLikelihood;
            var tol = c.Tolerance;
            var kept = selected.ToHashSet();
            int lowestKept = selected.OrderBy(i => L[i] + tol[i]).First();
            int highestLeft = Enumerable.Range(0, n).Where(i => !kept.Contains(i)).OrderByDescending(i => L[i] - tol[i]).FirstOrDefault(-1);
            bool rightSet = highestLeft < 0 || L[lowestKept] + tol[lowestKept] >= L[highestLeft] - tol[highestLeft];
            if (!rightSet)
            {
                var diagnosis = Diagnose(flow, c.X, d, n, count, L, selected);
                var point = showInputs ? $" (x = {Row(c.X, highestLeft, d)})" : "";
                string Point(int i) => showInputs ? $"point {i}" : "a point";
                var keptOne = showInputs ? $"point {lowestKept}" : "one";
                return call.Fail(
                    $"{what} left out {Point(highestLeft)}{point} with log p = {F(L[highestLeft])} but kept {keptOne} with log p = {F(L[lowestKept])}{setting}: " +
                    $"the selection is not the {Percent(c.Fraction)} of the points with the largest likelihood. {diagnosis}Re-read {call.SheetRef}.",
                    expected: $"the {(showInputs ? count.ToString(CultureInfo.InvariantCulture) : Percent(c.Fraction) + " of")} points of largest log p (the smallest kept has log p = {F(Enumerable.Range(0, n).Select(i => L[i]).OrderByDescending(v => v).ElementAt(count - 1))})",
                    seen: $"{Point(lowestKept)} (log p = {F(L[lowestKept])}) kept, {Point(highestLeft)} (log p = {F(L[highestLeft])}) left out");
            }

            for (int r = 0; r + 1 < selected.Length; r++)
            {
                int a = selected[r], b = selected[r + 1];
                if (L[a] + tol[a] < L[b] - tol[b])
                {
                    var increasing = Enumerable.Range(0, selected.Length - 1).All(q => L[selected[q]] <= L[selected[q + 1]] + tol[selected[q]] + tol[selected[q + 1]]);
                    var hint = increasing ? "They come least likely first: sort by decreasing likelihood. " : "";
                    return call.Fail(
                        (showInputs
                            ? $"{what} returned the right points in the wrong order{setting}: place {r} holds point {a} with log p = {F(L[a])}, place {r + 1} point {b} with log p = {F(L[b])}; "
                            : $"{what} returned the right points in the wrong order: a point with log p = {F(L[a])} comes right before one with log p = {F(L[b])}; ")
                        + $"the most likely come first. {hint}Re-read {call.SheetRef}.",
                        expected: "decreasing likelihood", seen: $"log p {F(L[a])} before {F(L[b])}");
                }
            }
        }
        return null;
    }

    /// <summary>A sentence naming the bug when the selection is a known wrong one.</summary>
    private static string Diagnose(SinhArcsinhFlow flow, float[] x, int d, int n, int count, double[] L, int[] selected)
    {
        var set = selected.ToHashSet();
        var least = Enumerable.Range(0, n).OrderBy(i => L[i]).Take(count).ToHashSet();
        if (set.SetEquals(least)) return "These are the least likely points: select by the largest likelihood (the smallest −log p). ";
        var norm = new double[n];
        for (int i = 0; i < n; i++)
        {
            var (z, _) = flow.Forward(Enumerable.Range(0, d).Select(j => (double)x[i * d + j]).ToArray());
            norm[i] = z.Sum(v => v * v);
        }
        var smallestNorm = Enumerable.Range(0, n).OrderBy(i => norm[i]).Take(count).ToHashSet();
        if (set.SetEquals(smallestNorm)) return "These are the points of smallest ‖f(x)‖: the likelihood of x also has the flow's log-determinant, log p(x) = log p_z(f(x)) + log|det ∂f/∂x|. ";
        return "";
    }

    private static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{100 * fraction:G3} %");
}
