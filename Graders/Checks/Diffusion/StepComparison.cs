using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Checks.Diffusion.Tolerance;
using Grader.Checks.Snapshots;
using Grader.Contracts.Diffusion;
using static Grader.Checks.Comparison.ExactComparison;

namespace Grader.Checks.Diffusion;

/// <summary>
/// The shared run of the single-step checks (<see cref="ReverseStepMatchesReference"/>, <see cref="DdimStepMatchesReference"/>,
/// and their hidden counterparts on unseen inputs): for each case of a <see cref="StepSnapshot"/> (read from the approved
/// file, or built live by the tutor side) that <c>include</c> keeps, it rebuilds x_t and z, calls the hand-in with a fresh fixed network
/// (raw-index time), checks shape and finiteness, and compares with the reference's x_{t−1} under the per-element
/// bound 2·(e_x|x_t| + e_ε|ε̂| + e_z|z| + |E|·δε̂) + u|x_{t−1}| of the step's float32 error (<see cref="StepBounds"/>; ε̂ is the
/// network at x_t, the same for every implementation because x_t and t are given exactly, up to the network's own
/// rounding δε̂ (<see cref="NetworkRounding"/>), carried by the step's coefficient E of ε̂).
/// A failure names a step that at t = 0 never evaluated the network or returned x_t unchanged (where the check has a
/// sentence for it, <see cref="SamplerSteps.SkipsLastStep"/>), else a snapshot variant the output matched, and notes a
/// time input other than the raw code index.
/// </summary>
public static class StepComparison
{
    /// <summary>
    /// Reads the approved snapshot <paramref name="snapshotName"/> into <paramref name="snapshot"/> for
    /// <see cref="Run"/>; null when it is read, else the check's error (the file missing or unreadable).
    /// </summary>
    public static CheckResult? Read(CheckContext context, HandinCall call, string snapshotName, out StepSnapshot snapshot)
    {
        snapshot = SnapshotFile.TryRead<StepSnapshot>(context.SnapshotRoot, DiffusionSnapshots.Folder, snapshotName, out var problem)!;
        return snapshot is null ? call.Error(problem!) : null;
    }

    /// <summary>
    /// Compares the hand-in's step with the snapshot's expected values on every case <paramref name="include"/> keeps
    /// (all when null); the hand-in is called with copies of x_t and z and a fresh network per case.
    /// </summary>
    public static CheckResult Run(
        HandinCall call,
        StepSnapshot snapshot,
        string stepName,
        bool withEta,
        Func<Tensor, int, double, Tensor, NoiseSchedule, IEpsilonNetwork, Tensor> invoke,
        Func<ScheduleBounds, StepCase, AffineBound> bound,
        IReadOnlyDictionary<string, string> explanations,
        Func<StepCase, bool>? include = null)
    {
        var kept = snapshot.Cases.Where(c => include?.Invoke(c) ?? true).ToArray();
        if (kept.Length == 0) return call.Error("no case of the snapshot is selected (a grader defect).");
        snapshot = snapshot with { Cases = kept };

        var schedule = snapshot.Schedule.ToNoiseSchedule();
        var T = schedule.T;
        var bounds = new ScheduleBounds(schedule.Betas);
        var cases = new List<(float[] Seen, float[] Expected, double[] Tolerance, IReadOnlyList<Variant> Variants)>();
        var inputs = new List<(StepCase Case, float[] Xt, float[] Z)>();
        var timeProblems = new List<string>();
        bool skippedWithoutNetwork = false, handedBackAtZero = false;

        foreach (var c in snapshot.Cases)
        {
            var (xt, z) = SnapshotInputs.Step(c.Seed, c.N, c.D, c.Scale);
            int[] shape = [c.N, c.D];
            var network = snapshot.Network.Create(T);
            var what = withEta ? $"{stepName}(x_t, t = {c.Step}, η = {F(c.Eta)}, z, …)" : $"{stepName}(x_t, t = {c.Step}, z, …)";
            if (call.Run(what, () => invoke(DiffusionSnapshots.Copy(xt), c.Step, c.Eta, DiffusionSnapshots.Copy(z), schedule, network), out var result) is { } threw)
                return threw;
            if (call.Tensor(what, result, shape) is { } bad) return bad;
            var xs = xt.ToArray();
            var returned = result.ToArray();
            // At t = 0 a step that never evaluated the network, or handed x_t back as it came, skipped the last step.
            var skipped = c.Step == 0 && (network.TimeInputs.Count == 0 || returned.AsSpan().SequenceEqual(xs));
            skippedWithoutNetwork |= skipped && network.TimeInputs.Count == 0;
            handedBackAtZero |= skipped;
            if (!skipped && TimeProblem(network, c.Step, T) is { } note && timeProblems.Count == 0) timeProblems.Add(note);

            var zs = z.ToArray();
            float[] epsilonHat;
            using (torch.no_grad())
                epsilonHat = snapshot.Network.Create(T).Forward(xt, torch.full([c.N], c.Step)).ToArray();
            var b = bound(bounds, c);
            var caseTolerance = c.Expected.Select((v, i) => 2 * b.ErrorAt(xs[i], epsilonHat[i], zs[i], NetworkRounding.Of(epsilonHat[i])) + Float32Bound.U * Math.Abs(v)).ToArray();
            cases.Add((returned, c.Expected, caseTolerance, c.Variants));
            inputs.Add((c, xs, zs));
        }

        var compared = cases.Select(c => Compare(c.Seen, c.Expected, c.Tolerance)).ToArray();
        var maxDeviation = compared.Max(r => r.MaxDeviation);
        var steps = string.Join(", ", snapshot.Cases.Select(c => c.Step).Distinct());
        var etas = snapshot.Cases.Select(c => c.Eta).Distinct().ToArray();
        var over = etas.Length > 1 ? $" and η ∈ {{{string.Join(", ", etas.Select(F))}}}" : "";
        if (compared.All(r => r.Outside.Count == 0))
        {
            return CheckResult.Pass(call.CheckId,
                $"{stepName} matches the reference at t ∈ {{{steps}}}{over} (T = {T}): largest |Δ| = {E(maxDeviation)}, within the float32 tolerance.", call.SheetRef);
        }

        // The smallest counterexample: the failing case with the smallest t (then η), at its largest deviation.
        var index = Enumerable.Range(0, cases.Count)
            .Where(i => compared[i].Outside.Count > 0)
            .OrderBy(i => inputs[i].Case.Step).ThenBy(i => inputs[i].Case.Eta)
            .First();
        var (failing, (seen, expected, tolerance, _)) = (inputs[index], cases[index]);
        var worst = compared[index].Worst;
        var d = failing.Case.D;
        var row = worst / d;
        var failingCases = Enumerable.Range(0, cases.Count).Where(i => compared[i].Outside.Count > 0)
            .Select(i => inputs[i].Case.Eta == 0 && etas.Length == 1 ? $"t = {inputs[i].Case.Step}" : $"(t = {inputs[i].Case.Step}, η = {F(inputs[i].Case.Eta)})");
        // A t = 0 that never evaluated the network was skipped, whatever variant the output equals (a skipped DDIM step at
        // η = 0 is output-equal to ᾱ_{−1} = ᾱ₀); x_t handed back after evaluating it is named only where no variant matched
        // (x̂₀ from ᾱ_{t−1} also gives x_t back at t = 0).
        var zeroFailed = compared.Where((r, i) => r.Outside.Count > 0 && inputs[i].Case.Step == 0).Any();
        var skip = zeroFailed && explanations.TryGetValue(SamplerSteps.SkipsLastStep, out var sentence) ? sentence + " " : "";
        var variant = MatchVariant(cases) is { } name && explanations.TryGetValue(name, out var explanation) ? explanation + " " : "";
        var diagnosis = skippedWithoutNetwork && skip.Length > 0 ? skip : variant.Length > 0 ? variant : handedBackAtZero ? skip : "";
        var time = timeProblems.Count > 0 ? timeProblems[0] + " " : "";
        var at = etas.Length > 1 ? $"t = {failing.Case.Step}, η = {F(failing.Case.Eta)}" : $"t = {failing.Case.Step}";
        var message =
            $"{stepName} differs from the reference at {at}: expected {F(expected[worst])}, seen {F(seen[worst])} at {HandinCall.Index(worst, [failing.Case.N, d])} " +
            $"(|Δ| = {E(Math.Abs((double)seen[worst] - expected[worst]))} > tolerance {E(tolerance[worst])}); failing: {string.Join(", ", failingCases)}. {diagnosis}{time}" +
            $"Smallest counterexample: {at} (T = {T}), x_t = {Row(failing.Xt, row, d)}, z = {Row(failing.Z, row, d)}: expected x_{{t−1}} = {Row(expected, row, d)}, " +
            $"seen {Row(seen, row, d)}. Re-read {call.SheetRef}.";
        return call.Fail(message, expected: $"{F(expected[worst])} ({at}, element {HandinCall.Index(worst, [failing.Case.N, d])})", seen: F(seen[worst]));
    }

    /// <summary>A note when the hand-in did not call the network with the raw index t (Heidelberg convention).</summary>
    private static string? TimeProblem(FixedEpsilonNetwork network, int t, int T)
    {
        if (network.TimeInputs.Count == 0) return "It never called the network: ε̂ = network(x_t, t) must come from the network the grader passes.";
        var wrong = network.TimeInputs.SelectMany(v => v).FirstOrDefault(v => v != t, float.NaN);
        if (float.IsNaN(wrong)) return null;
        var hint = Math.Abs(wrong - (double)t / T) < 1e-6 ? " (t/T)" : wrong == t + 1 ? " (t + 1)" : "";
        return $"At t = {t} it called the network with time {F(wrong)}{hint}: the Heidelberg network takes the raw code index t (0 … T − 1).";
    }
}
