using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;
using Grader.Contracts.OdeSde;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.OdeSde;

/// <summary>
/// Calls a hand-in's <see cref="ISdeElbo"/> on each <see cref="ElboCase"/> with the grader's closed-form networks and a
/// <see cref="ReplayedElboNoise"/>, then checks what it drew (each of t, ε₁, ε₀, ε_t once per example, and the drift
/// read at the drawn t) and compares the ELBO and its three terms with the reference's on the replayed draws.
/// Tolerance per example (float32, about 20 roundings per term of quantities no larger than the term or
/// (|y| + |x₁|)²/b²): 200·ε·(1 + |likelihood| + |KL| + |drift matching| + (|y| + |x₁|)²/b²), the terms the reference's.
/// A mismatch that equals a known wrong variant (the case's <see cref="ElboCase.Variants"/>, computed by the tutor's
/// side on the same draws: nothing here computes the ELBO) is named. For a hidden check
/// (<see cref="HandinCall.Conceals"/>) no message names the batch size or an example's index.
/// </summary>
public static class ElboComparison
{
    private const double Eps = 5.960464477539063e-8;

    private static readonly string[] Draws = ["Times", "NoiseAtOne", "NoiseAtZero", "NoiseAtTime"];

    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("OdeSde", "elbo");

    public static CheckResult Grade(HandinCall call, ISdeElbo handin, IReadOnlyList<ElboCase> cases, string inputs)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(handin);
        ArgumentNullException.ThrowIfNull(cases);
        double largest = 0;
        int total = 0;
        foreach (var c in cases)
        {
            int n = c.Y.Length;
            var noise = new ReplayedElboNoise(c.NoiseSeed);
            var drift = c.Spec.Drift.Network();
            const string what = "Elbo(y, drift, diffusion, alpha, beta, likelihoodStd, noise)";
            if (call.Run(what, () => handin.Elbo(torch.tensor(c.Y, n, 1), drift, c.Spec.SigmaNet(), c.Spec.AlphaNet(), c.Spec.BetaNet(), c.Spec.B, noise),
                    out var terms) is { } threw)
                return threw;
            if (terms is null) return call.Fail($"{what} returned null; expected the ELBO and its three terms.");
            foreach (var (name, tensor) in new[] { ("Elbo", terms.Elbo), ("Likelihood", terms.Likelihood), ("KlDivergence", terms.KlDivergence), ("DriftMatching", terms.DriftMatching) })
                if (call.Tensor($"{what}.{name}", tensor, [n], $"expected one value per example, shape [N] = [{n}]") is { } bad) return bad;
            if (Drawn(call, noise, drift, n) is { } drawProblem) return drawProblem;

            int[] shape = RequestedShape(noise, n);
            var t = noise.Replay("Times", shape);
            var e1 = noise.Replay("NoiseAtOne", shape);
            var e0 = noise.Replay("NoiseAtZero", shape);
            var et = noise.Replay("NoiseAtTime", shape);
            var seen = new[] { terms.Elbo.ToDoubleArray(), terms.Likelihood.ToDoubleArray(), terms.KlDivergence.ToDoubleArray(), terms.DriftMatching.ToDoubleArray() };
            var expected = new[] { c.Elbo, c.Likelihood, c.KlDivergence, c.DriftMatching };
            string[] names = ["ELBO", "likelihood term", "KL (prior) term", "drift matching term"];
            for (int i = 0; i < n; i++)
            {
                double x1 = c.Spec.Alpha(c.Y[i], 1) + c.Spec.Beta(c.Y[i], 1) * e1[i];
                double tolerance = 200 * Eps * (1 + Math.Abs(c.Likelihood[i]) + Math.Abs(c.KlDivergence[i]) + Math.Abs(c.DriftMatching[i])
                    + Math.Pow(Math.Abs(c.Y[i]) + Math.Abs(x1), 2) / (c.Spec.B * c.Spec.B));
                for (int term = 0; term < 4; term++)
                {
                    double deviation = Math.Abs(seen[term][i] - expected[term][i]);
                    largest = Math.Max(largest, deviation);
                    if (deviation <= tolerance) continue;
                    string diagnosis = Diagnose(c, seen, tolerance) is { } key ? Explanations[key] + " " : "";
                    return call.Fail(
                        $"The {names[term]} differs from the reference for the same draws: expected {F(expected[term][i])}, seen {F(seen[term][i])} (|Δ| = {E(deviation)} > tolerance {E(tolerance)}). {diagnosis}" +
                        $"Smallest counterexample: {(call.Conceals ? "" : $"example {i}, ")}y = {F(c.Y[i])}, drawn t = {F(t[i])}, ε₁ = {F(e1[i])}, ε₀ = {F(e0[i])}, ε_t = {F(et[i])}. Re-read {call.SheetRef}.",
                        expected: F(expected[term][i]), seen: F(seen[term][i]));
                }
            }
            total += n;
        }
        return CheckResult.Pass(call.CheckId, $"The ELBO and its three terms match the reference on {(call.Conceals ? "the examples" : $"{total} examples")} of {inputs}, one draw of t, ε₁, ε₀ and ε_t per example: largest |Δ| = {E(largest)}.", call.SheetRef);
    }

    /// <summary>The shape the hand-in asked for (one value per example: [N, 1] or [N]).</summary>
    private static int[] RequestedShape(ReplayedElboNoise noise, int n) =>
        noise.Requests.FirstOrDefault(r => r.Draw == "Times").Shape is { } shape && shape.Aggregate(1L, (p, s) => p * s) == n ? shape : [n, 1];

    /// <summary>Each draw asked for once, one value per example, and the drift read at the drawn times; else why not.</summary>
    private static CheckResult? Drawn(HandinCall call, ReplayedElboNoise noise, RowFunctionNetwork drift, int n)
    {
        foreach (var draw in Draws)
        {
            var requests = noise.Requests.Where(r => r.Draw == draw).ToList();
            if (requests.Count == 0)
                return call.Fail($"Your ELBO never asked the noise source for {draw}: every random draw of the ELBO (t, and ε for x₁, x₀ and x_t) comes from it, one per example. Re-read {call.SheetRef}.");
            var counts = requests.Select(r => r.Shape.Aggregate(1L, (p, s) => p * s)).Distinct().ToList();
            if (counts.Any(c => c != n))
            {
                string per = draw == "Times" ? "t" : "ε";
                var own = $"the notebook draws one {per} per example ({draw}([N, 1]), torch.rand(y_batch.size())), so every example gets its own{(draw == "Times" ? " time" : " noise")}. Re-read {call.SheetRef}.";
                var failed = call.Fail(
                    $"Your ELBO asked for {draw} of shape {HandinCall.Shape(requests[0].Shape)} for {n} examples: {own}",
                    expected: $"shape [{n}, 1]", seen: $"shape {HandinCall.Shape(requests[0].Shape)}");
                var howMany = counts.First(c => c != n) < n ? "fewer values than examples" : "more values than examples";
                return call.Conceals
                    ? failed.Concealed($"Your ELBO asked for {draw} with {howMany} in the batch drawn for this grading run: {own}", expected: "[N, 1]: one per example", seen: howMany)
                    : failed;
            }
        }

        var times = noise.Replay("Times", RequestedShape(noise, n));
        var read = drift.Calls.Where(c => c.Method == "Forward").ToList();
        if (read.Count == 0)
            return call.Fail($"Your ELBO never evaluated the drift f(x_t, t): the drift matching term compares f with the drift g of q_t at the drawn time. Re-read {call.SheetRef}.");
        bool AtDrawnTimes((string Method, double[] T) c) => c.T.Length == n && c.T.Select((v, i) => Math.Abs(v - times[i]) <= 1e-6).All(b => b);
        if (!read.Any(AtDrawnTimes))
        {
            var used = read.Last().T;
            return call.Fail(
                $"Your ELBO evaluated the drift f at times other than the drawn t ~ U(0, 1) of each example (the times it used lie in [{F(used.Min())}, {F(used.Max())}]; the drawn ones in [{F(times.Min())}, {F(times.Max())}]): " +
                $"the simulation-free ELBO averages the drift matching term over t uniform on [0, 1], one t per example, taken as drawn. Re-read {call.SheetRef}.");
        }
        return null;
    }

    private static string? Diagnose(ElboCase c, double[][] seen, double tolerance)
    {
        foreach (var variant in c.Variants ?? [])
        {
            if (!Explanations.ContainsKey(variant.Name) || variant.Elbo.Length != c.Y.Length || variant.DriftMatching.Length != c.Y.Length) continue;
            bool all = Enumerable.Range(0, c.Y.Length).All(i =>
            {
                double elbo = variant.Elbo[i], dm = variant.DriftMatching[i];
                double slack = 2 * tolerance + 1e-4 * (1 + Math.Abs(elbo));
                return Math.Abs(seen[0][i] - elbo) <= slack && Math.Abs(seen[3][i] - dm) <= slack + 1e-4 * Math.Abs(dm);
            });
            if (all) return variant.Name;
        }
        return null;
    }
}
