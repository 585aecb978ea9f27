using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Diffusion;

/// <summary>
/// DTU 02460 week 3, ex. 3.4 (sheet 004): <c>DDPM.negative_elbo</c> equals the reference's per-sample
/// ‖ε − ε_θ(√ᾱ_t x + √(1 − ᾱ_t) ε, t/T)‖² on fixed batches, the hand-in drawing t and ε from the grader's
/// <see cref="KeyedRandom"/>, whose draws the reference made too.
/// </summary>
/// <remarks>
/// <para>
/// <b>Inputs</b> (snapshot <c>diffusion/negative-elbo</c>): the sheet's main schedule, linear β from 1e-4 to 0.02 with
/// T = 1000 (the cost does not depend on T: one network call per batch); three batches of N = 64, d = 2, x from a
/// seed, t and ε drawn by the hand-in from a <see cref="KeyedRandom"/> whose seed makes the reference's draws
/// (t = Integers(0, T, [N, 1]), ε = Normal([N, d])) hit t = 0 and t = T − 1; the grader's fixed ε-network in the DTU
/// convention t/T. A hand-in that draws otherwise (another count or range) gets other numbers and fails, with a note of
/// what it asked for; whether its draws follow Algorithm 1 is the hidden <c>negative-elbo-draws-follow-algorithm-1</c>.
/// </para>
/// <para>
/// <b>Tolerance, derived per sample.</b> A float32 hand-in's z_t differs from the exact one by at most
/// δz_j = e_x|x_j| + e_ε|ε_j|, where e_x, e_ε bound the float32 error of √ᾱ_t, √(1 − ᾱ_t) (with ᾱ a float32 running
/// product) and of the products and sum (<see cref="StepBounds.ForwardNoising"/>); t/T carries δτ ≤ 2u·τ. Through the
/// network, |δε̂_k| ≤ Σ_j |∂ε̂_k/∂z_j|·δz_j + |∂ε̂_k/∂τ|·δτ (Jacobian by central differences,
/// <see cref="NetworkJacobian"/>), and the value Σ_k r_k², r = ε − ε̂, moves by at most Σ_k 2|r_k|·|δε̂_k| plus
/// (2d + 2)·u·value for the subtraction, squares and sum. The tolerance is twice that first-order bound. For T = 1000 it
/// ranges from about 6e-6 (t near 0) to 9e-4 (t near T, where the float32 product ᾱ has its largest relative error).
/// </para>
/// <para>
/// <b>Diagnoses</b>: ᾱ_{t−1} for ᾱ_t; raw t fed to the network; (1 − ᾱ_t) for √(1 − ᾱ_t) (snapshot variants); the
/// mean over dimensions instead of the sum (values D times too small), the batch mean, and the true ELBO's per-t
/// weighting β_t²/(2σ_t²α_t(1 − ᾱ_t)), σ_t² = β_t, instead of eq. (14)'s L_simple (computed here); a scalar,
/// [N, 1] or [N, d] result fails on its shape with "expected one value per sample, shape [N]".
/// </para>
/// </remarks>
public sealed class NegativeElboMatchesReference() : SnapshotCheck<NegativeElboSnapshot, IDtuDdpm>(
    "diffusion.dtu.negative-elbo-matches-reference",
    "sheet 004, ex. 3.4: Ho et al. (2020) Algorithm 1 and eq. (14), with z_t = √ᾱ_t·x + √(1 − ᾱ_t)·ε (eq. 4)",
    DiffusionSnapshots.Folder, NegativeElboSnapshot.Name)
{
    private static readonly IReadOnlyDictionary<string, string> Explanations = DiagnosisFile.Read("Diffusion", "negative-elbo");

    /// <summary>The sentences that name a known bug when the output matches its variant, by variant.</summary>
    public static IReadOnlyDictionary<string, string> Diagnoses => Explanations;

    protected override CheckResult Check(CheckContext context, HandinCall call, NegativeElboSnapshot snapshot, IDtuDdpm ddpm) => Against(call, snapshot, ddpm);

    /// <summary>Compares the hand-in's negative ELBO with the snapshot's expected values (the approved file's, or batches the tutor side built live).</summary>
    public static CheckResult Against(HandinCall call, NegativeElboSnapshot snapshot, IDtuDdpm ddpm)
    {

        var schedule = snapshot.Schedule.ToNoiseSchedule();
        var T = schedule.T;
        var bounds = new ScheduleBounds(schedule.Betas);
        var alphaBar = DiffusionSnapshots.AlphaBar(schedule.Betas);
        var cases = new List<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)>();
        var inputs = new List<(int Batch, float[] X, float[] Epsilon, int[] T)>();
        string? drawNote = null;

        for (var b = 0; b < snapshot.Batches.Count; b++)
        {
            var batch = snapshot.Batches[b];
            int n = batch.N, d = batch.D;
            var (x, _) = SnapshotInputs.ElboBatch(batch.Seed, n, d, T, snapshot.DataScale);
            var (t, epsilon) = SnapshotInputs.ElboDraws(batch.DrawSeed, n, d, T);
            if (!t.SequenceEqual(batch.T))
                return call.Error($"the inputs of snapshot {NegativeElboSnapshot.Name}, batch {b}, no longer reproduce from seed {batch.DrawSeed} (the grader's generator changed; a grader defect).");

            var network = snapshot.Network.Create(T);
            var random = new KeyedRandom(batch.DrawSeed);
            const string what = "NegativeElbo(x, schedule, network, random)";
            if (call.Run(what, () => ddpm.NegativeElbo(DiffusionSnapshots.Copy(x), schedule, network, random), out var result) is { } threw)
                return threw;
            if (result is not null && !result.shape.SequenceEqual([n]))
                return WrongShape(call, what, result, batch);
            if (call.Tensor(what, result, [n]) is { } bad) return bad;

            var xs = x.ToArray();
            var es = epsilon.ToArray();
            var tolerance = Tolerances(snapshot, bounds, alphaBar, xs, es, t, batch.Expected, n, d, T);
            var mean = batch.Expected.Average(v => (double)v);
            var computed = new List<Variant>(batch.Variants)
            {
                new("mean-over-dimensions", batch.Expected.Select(v => v / d).ToArray()),
                new("batch-mean", batch.Expected.Select(_ => (float)mean).ToArray()),
                new("true-elbo-weighting", batch.Expected.Select((v, i) => (float)(v * TrueElboWeight(schedule.Betas, alphaBar, t[i]))).ToArray()),
            };
            cases.Add((result!.ToArray(), batch.Expected, tolerance, computed));
            inputs.Add((b, xs, es, t));
            drawNote ??= DrawNote(random.Requests, n, d, T);
        }

        var worst = cases.Select((c, i) => (Case: i, Result: Compare(c.Seen, c.Expected, c.Tolerance))).ToArray();
        var failing = worst.Where(w => w.Result.Outside.Count > 0).ToArray();
        var maxDeviation = worst.Max(w => w.Result.MaxDeviation);
        var total = cases.Sum(c => c.Expected.Length);
        if (failing.Length == 0)
        {
            var tolerances = cases.SelectMany(c => c.Tolerance).ToArray();
            return CheckResult.Pass(call.CheckId,
                $"NegativeElbo matches the reference on {cases.Count} batches of {cases[0].Expected.Length} samples (linear schedule, T = {T}): largest |Δ| = {E(maxDeviation)}, " +
                $"within the float32 tolerance (per sample {E(tolerances.Min())} … {E(tolerances.Max())}).", call.SheetRef);
        }

        // The smallest counterexample: the failing sample with the smallest t.
        var (cb, ci) = failing
            .SelectMany(f => f.Result.Outside.Select(i => (Case: f.Case, Index: i)))
            .OrderBy(p => inputs[p.Case].T[p.Index]).ThenBy(p => p.Case).ThenBy(p => p.Index)
            .First();
        var c = cases[cb];
        var input = inputs[cb];
        var d0 = snapshot.Batches[cb].D;
        var outside = failing.Sum(f => f.Result.Outside.Count);
        var diagnosis = MatchVariant(cases) is { } name ? Explanations[name] + " " : "";
        var deviation = Math.Abs((double)c.Seen[ci] - c.Expected[ci]);
        var message =
            $"NegativeElbo differs from the reference: expected {F(c.Expected[ci])}, seen {F(c.Seen[ci])} (|Δ| = {E(deviation)} > tolerance {E(c.Tolerance[ci])}; " +
            $"{outside} of {total} values outside, largest |Δ| = {E(maxDeviation)}). {diagnosis}{drawNote}" +
            $"Smallest counterexample: batch {cb}, sample {ci}, t = {input.T[ci]} (T = {T}), x = {Row(input.X, ci, d0)}, ε = {Row(input.Epsilon, ci, d0)}. Re-read {call.SheetRef}.";
        return call.Fail(message,
            expected: $"{F(c.Expected[ci])} (batch {cb}, sample {ci}, t = {input.T[ci]})",
            seen: F(c.Seen[ci]));
    }

    /// <summary>
    /// The weight of the true ELBO's term at code index <paramref name="t"/> relative to L_simple's,
    /// β_t²/(2σ_t²·α_t·(1 − ᾱ_t)) with σ_t² = β_t (the DTU sampler's variance), so β_t/(2α_t(1 − ᾱ_t)); ½/α₀ at t = 0.
    /// </summary>
    public static double TrueElboWeight(IReadOnlyList<double> betas, double[] alphaBar, int t)
    {
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(alphaBar);
        var beta = betas[t];
        return beta / (2 * (1 - beta) * (1 - alphaBar[t]));
    }

    /// <summary>
    /// A sentence when the hand-in's requests differ from the reference's (one Integers on 0 … T − 1 of N values, one
    /// Normal of N·D values), so the numbers it drew are not the ones the expected values were computed with; else "".
    /// </summary>
    public static string DrawNote(IReadOnlyList<RandomRequest> requests, int n, int d, int T)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var integers = requests.Where(r => r.Method == nameof(KeyedRandom.Integers)).ToList();
        var normals = requests.Where(r => r.Method == nameof(KeyedRandom.Normal)).ToList();
        var asReference = integers.Count == 1 && integers[0].Count == n && integers[0].High - integers[0].Low == T
                          && normals.Count == 1 && normals[0].Count == (long)n * d;
        if (asReference) return "";
        var asked = requests.Count == 0 ? "nothing" : string.Join(", ", requests.Take(4).Select(r => r.ToString())) + (requests.Count > 4 ? $" and {requests.Count - 4} more" : "");
        return $"The expected values are for Algorithm 1's draws taken as random.Integers(0, T, [N, 1]) and random.Normal([N, D]) ({n} code indices t on 0 … {T - 1}, {n}×{d} values of ε); your NegativeElbo asked the random source for {asked}. ";
    }

    private static CheckResult WrongShape(HandinCall call, string what, Tensor result, ElboBatch batch)
    {
        int n = batch.N, d = batch.D;
        var values = result.ToArray();
        var mean = batch.Expected.Average(v => (double)v);
        var hint = $"expected one value per sample, shape [N] = [{n}]";
        if (values.Length == 1 && float.IsFinite(values[0]) && Math.Abs(values[0] - mean) <= 1e-3 * (1 + Math.Abs(mean)))
            hint += $". Its value {F(values[0])} is the batch mean of the reference's values: you averaged over the batch (that is DDPM.loss); negative_elbo returns one value per sample";
        else if (result.shape.SequenceEqual([n, 1]))
            hint += " (a vector, not an [N, 1] column): reshape or sum over dimension 1 without keeping it";
        else if (result.shape.SequenceEqual([n, d]))
        {
            var rowSums = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, d).Sum(j => (double)values[i * d + j])).ToArray();
            var close = rowSums.Zip(batch.Expected).All(p => Math.Abs(p.First - p.Second) <= 1e-3 * (1 + Math.Abs(p.Second)));
            hint += close
                ? ": you returned the squared error of every dimension; sum it over the data dimensions (‖ε − ε_θ‖²)"
                : ": sum the squared error over the data dimensions (‖ε − ε_θ‖²)";
        }

        return call.Fail($"{what} returned a tensor of shape {HandinCall.Shape(result.shape)}: {hint}. Re-read {call.SheetRef}.",
            expected: $"shape [{n}]", seen: $"shape {HandinCall.Shape(result.shape)}");
    }

    private static double[] Tolerances(NegativeElboSnapshot snapshot, ScheduleBounds bounds, double[] alphaBar, float[] x, float[] epsilon, int[] t,
        float[] expected, int n, int d, int T)
    {
        const double u = Float32Bound.U;
        var z = new float[n * d];
        var tau = new float[n];
        for (var i = 0; i < n; i++)
        {
            tau[i] = (float)t[i] / T;
            double a = Math.Sqrt(alphaBar[t[i]]), s = Math.Sqrt(1 - alphaBar[t[i]]);
            for (var j = 0; j < d; j++) z[i * d + j] = (float)(a * x[i * d + j] + s * epsilon[i * d + j]);
        }

        var probe = snapshot.Network.Create(T);
        var jacobian = NetworkJacobian.Of(probe, z, tau, n, d);
        float[] epsilonHat;
        using (torch.no_grad()) epsilonHat = probe.Forward(torch.tensor(z, n, d), torch.tensor(tau, n, 1)).ToArray();

        var tolerance = new double[n];
        for (var i = 0; i < n; i++)
        {
            var forward = StepBounds.ForwardNoising(bounds, t[i]);
            var dz = Enumerable.Range(0, d).Select(j => forward.ErrorAt(x[i * d + j], epsilon[i * d + j], 0)).ToArray();
            var dtau = 2 * u * tau[i];
            var bound = 0.0;
            for (var k = 0; k < d; k++)
            {
                var r = Math.Abs((double)epsilon[i * d + k] - epsilonHat[i * d + k]);
                var dEps = jacobian[i][k][d] * dtau + NetworkRounding.Of(epsilonHat[i * d + k]);
                for (var j = 0; j < d; j++) dEps += jacobian[i][k][j] * dz[j];
                bound += 2 * r * dEps;
            }

            bound += (2 * d + 2) * u * Math.Abs(expected[i]);
            tolerance[i] = 2 * bound;
        }

        return tolerance;
    }
}
