using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.OdeSde;
using Grader.Checks.OdeSde.Snapshots;
using Grader.Checks.OdeSde.Support;
using Grader.Checks.Snapshots;
using Grader.Reference.Tests.Snapshots;
using Shouldly;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// Produces the family's snapshots from the reference and matches them against the approved files in
/// fixtures/snapshots/ode-sde; and reviews the approved values by an independent route: each expected log p(y) equals
/// the backward solve written out in double (<see cref="LogLikelihoodScheme"/>, the tutor's side) within its float32 tolerance, which the snapshot carries with the wrong variants' values, and each
/// expected ELBO term equals the formula in double on the replayed draws (<see cref="ElboInDouble.Of"/>, the tutor's side).
/// </summary>
public sealed class OdeSdeSnapshotTests
{
    [Test]
    public void LogLikelihood() => Approve(SnapshotJson.Write(OdeSdeSnapshotProducer.LogLikelihood()), LogLikelihoodSnapshot.Name);

    [Test]
    public void SolverStep() => Approve(SnapshotJson.Write(OdeSdeSnapshotProducer.SolverStep()), SolverStepSnapshot.Name);

    /// <summary>
    /// The approved steps, reviewed by another route: the reference's float32 <c>IntegrateStep</c> on the same inputs lies
    /// within each entry's tolerance, every wrong tableau lies outside twice it on some case (so the check fails it), and
    /// the keys are the ones the comparison explains.
    /// </summary>
    [Test]
    public void The_approved_solver_steps_equal_the_reference_and_tell_the_variants_apart()
    {
        var snapshot = Read<SolverStepSnapshot>(SolverStepSnapshot.Name);
        snapshot.Cases.Count.ShouldBe(4);
        var reference = new Grader.Reference.OdeSde.Handin.ReferenceOdeSolver();
        var toldApart = new HashSet<string>();
        foreach (var c in snapshot.Cases)
        {
            var field = c.Field.Field();
            c.Methods.Select(m => m.Method).ShouldBe(["euler", "rk2", "rk4"]);
            foreach (var m in c.Methods)
            {
                var seen = reference.IntegrateStep(m.Method, field, Grader.Tensors.torch.tensor(c.State, c.Rows, field.Columns), c.T, c.Dt).ToDoubleArray();
                for (int i = 0; i < seen.Length; i++)
                    Math.Abs(seen[i] - m.Value[i]).ShouldBeLessThanOrEqualTo(m.Tolerance[i], $"{field.Description}, {m.Method}, entry {i}");
                m.Variants.ShouldNotBeEmpty();
                foreach (var v in m.Variants)
                {
                    SolverStepComparison.Explanations.Keys.ShouldContain(v.Name);
                    if (Enumerable.Range(0, seen.Length).Any(i => Math.Abs(v.Values[i] - m.Value[i]) > 2 * m.Tolerance[i] + 1e-6 * Math.Abs(v.Values[i])))
                        toldApart.Add(v.Name);
                }
            }
        }
        // Each wrong tableau is told apart on some case (the 3/8 rule, of order 4 too, not on every one), so the check fails it.
        toldApart.ShouldBe(SolverStepComparison.Explanations.Keys, ignoreOrder: true);
    }

    [Test]
    public void Elbo() => Approve(SnapshotJson.Write(OdeSdeSnapshotProducer.Elbo()), ElboSnapshot.Name);

    [Test]
    public void ExpectedLogLikelihood() => Approve(SnapshotJson.Write(OdeSdeSnapshotProducer.ExpectedLogLikelihood()), ExpectedLogLikelihoodSnapshot.Name);

    /// <summary>
    /// The approved answers, reviewed by another route: the reference's float32 IExpectedLogLikelihood on the same public
    /// data gives each within the check's tolerance, and no variant lies within twice that tolerance of the answer.
    /// </summary>
    [Test]
    public void The_approved_expected_log_likelihoods_equal_the_reference()
    {
        var snapshot = Read<ExpectedLogLikelihoodSnapshot>(ExpectedLogLikelihoodSnapshot.Name);
        snapshot.Answers.Select(a => a.Set).ShouldBe(Enum.GetValues<ExpectedLogLikelihoodMatchesGenerator.DataSet>());
        var reference = new Grader.Reference.OdeSde.Handin.ReferenceExpectedLogLikelihood();
        foreach (var a in snapshot.Answers)
        {
            var c = ExpectedLogLikelihoodMatchesGenerator.PublicCase(a.Set);
            (c.Y.Length, c.K, c.P1, c.P2).ShouldBe((a.Points, a.K, a.P1, a.P2));
            var data = Grader.Tensors.torch.tensor(c.Y, c.Y.Length, 1);
            double seen = a.Set switch
            {
                ExpectedLogLikelihoodMatchesGenerator.DataSet.Gaussian => reference.Gaussian(data, c.P1, c.P2),
                ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace => reference.Laplace(data, c.P1, c.P2),
                _ => reference.LaplaceMixture(data, c.K, c.P1, c.P2),
            };
            double tolerance = 4 * c.Y.Length * 5.960464477539063e-8 * a.Answer.MeanAbsoluteTerm + 1e-12;
            Math.Abs(seen - a.Answer.Value).ShouldBeLessThanOrEqualTo(tolerance, a.Set.ToString());
            a.Answer.Variants.Select(v => v.Name).ShouldBe(ExpectedLogLikelihoodMatchesGenerator.VariantKeys(a.Set));
            // A variant is told apart from the answer, or is the answer itself for these parameters (scale² = scale at the
            // notebook's Laplace scale 1): a hand-in within the tolerance passes before any variant is looked at.
            foreach (var v in a.Answer.Variants.Where(v => !(a.Set == ExpectedLogLikelihoodMatchesGenerator.DataSet.Laplace && v.Name == "scale-squared" && a.P2 == 1)))
                Math.Abs(v.Value - a.Answer.Value).ShouldBeGreaterThan(2 * tolerance, $"{a.Set}: {v.Name} is told apart");
        }
    }

    [Test]
    public void The_approved_log_likelihoods_equal_the_scheme_in_double()
    {
        var snapshot = Read<LogLikelihoodSnapshot>(LogLikelihoodSnapshot.Name);
        foreach (var c in snapshot.Cases)
        {
            var d = c.Drift;
            // What the visible check reads instead of solving: the tolerances and the variants' values, as the tutor's side computes them.
            c.Tolerance.Length.ShouldBe(c.Y.Length);
            c.Variants.Select(v => v.Name).ShouldBe(["trace-sign", "no-base-density", "forward", "shifted-times"]);
            c.Variants.Select(v => v.Name).ShouldAllBe(name => LogLikelihoodComparison.Explanations.ContainsKey(name));
            var variants = LogLikelihoodScheme.Variants(d.F, d.DfDx, d.D2fDx2, c.Y, c.Method, c.TimePoints);
            for (int i = 0; i < c.Y.Length; i++)
            {
                var solve = LogLikelihoodScheme.Run(d.F, d.DfDx, d.D2fDx2, c.Y[i], c.Method, c.TimePoints);
                double tolerance = LogLikelihoodScheme.Tolerance(solve, c.TimePoints);
                c.Tolerance[i].ShouldBe(tolerance, 1e-9 * tolerance);
                for (int v = 0; v < variants.Count; v++)
                    c.Variants[v].Values[i].ShouldBe(variants[v].Values[i], 1e-5 * (1 + Math.Abs(variants[v].Values[i])), variants[v].Name);
                Math.Abs(c.Expected[i] - solve.LogP).ShouldBeLessThanOrEqualTo(tolerance, $"{d}, {c.Method}, {c.TimePoints} points, y = {c.Y[i]}");
                foreach (var variant in Enum.GetValues<LogLikelihoodScheme.Variant>().Where(v => v != LogLikelihoodScheme.Variant.Correct))
                {
                    if (variant == LogLikelihoodScheme.Variant.ShiftedTimes) continue;
                    double wrong = LogLikelihoodScheme.Run(d.F, d.DfDx, d.D2fDx2, c.Y[i], c.Method, c.TimePoints, variant).LogP;
                    Math.Abs(wrong - solve.LogP).ShouldBeGreaterThan(10 * tolerance, $"{variant} is told apart at y = {c.Y[i]}");
                }
            }
            // The shifted backward times are an O(dt) error for these time-dependent drifts: far outside the tolerance somewhere.
            var shifted = c.Y.Select(y => Math.Abs(LogLikelihoodScheme.Run(d.F, d.DfDx, d.D2fDx2, y, c.Method, c.TimePoints, LogLikelihoodScheme.Variant.ShiftedTimes).LogP
                - LogLikelihoodScheme.Run(d.F, d.DfDx, d.D2fDx2, y, c.Method, c.TimePoints).LogP)).Max();
            shifted.ShouldBeGreaterThan(10 * c.Y.Max(y => LogLikelihoodScheme.Tolerance(LogLikelihoodScheme.Run(d.F, d.DfDx, d.D2fDx2, y, c.Method, c.TimePoints), c.TimePoints)));
        }
    }

    [Test]
    public void The_approved_elbo_terms_equal_the_formula_in_double()
    {
        var snapshot = Read<ElboSnapshot>(ElboSnapshot.Name);
        foreach (var c in snapshot.Cases)
        {
            var noise = new ReplayedElboNoise(c.NoiseSeed);
            int[] shape = [c.Y.Length, 1];
            var (t, e1, e0, et) = (noise.Replay("Times", shape), noise.Replay("NoiseAtOne", shape), noise.Replay("NoiseAtZero", shape), noise.Replay("NoiseAtTime", shape));
            for (int i = 0; i < c.Y.Length; i++)
            {
                var x = ElboInDouble.Of(c.Spec, c.Y[i], t[i], e1[i], e0[i], et[i]);
                double x1 = c.Spec.Alpha(c.Y[i], 1) + c.Spec.Beta(c.Y[i], 1) * e1[i];
                double tolerance = 200 * 5.96e-8 * (1 + Math.Abs(x.Likelihood) + Math.Abs(x.Kl) + Math.Abs(x.DriftMatching) + Math.Pow(Math.Abs(c.Y[i]) + Math.Abs(x1), 2) / (c.Spec.B * c.Spec.B));
                Math.Abs(c.Elbo[i] - x.Elbo).ShouldBeLessThanOrEqualTo(tolerance);
                Math.Abs(c.Likelihood[i] - x.Likelihood).ShouldBeLessThanOrEqualTo(tolerance);
                Math.Abs(c.KlDivergence[i] - x.Kl).ShouldBeLessThanOrEqualTo(tolerance);
                Math.Abs(c.DriftMatching[i] - x.DriftMatching).ShouldBeLessThanOrEqualTo(tolerance);
            }
        }
    }

    [Test]
    public void The_keyed_draws_depend_on_the_count_not_on_the_layout_or_the_order()
    {
        var a = new ReplayedElboNoise(9);
        var first = a.NoiseAtTime([5, 1]).ToArray();
        var b = new ReplayedElboNoise(9);
        b.Times([5]);
        b.NoiseAtTime([5]).ToArray().ShouldBe(first);
        b.Replay("NoiseAtTime", [5, 1]).Select(v => (float)v).ToArray().ShouldBe(first);
        b.NoiseAtTime([1, 1]).ToArray()[0].ShouldNotBe(first[0]);
        b.Requests.Select(r => r.Draw).ShouldBe(["Times", "NoiseAtTime", "NoiseAtTime"]);
    }

    private static T Read<T>(string name) where T : class =>
        SnapshotFile.TryRead<T>(SnapshotApproval.SnapshotRoot(), OdeSdeSnapshots.Folder, name, out var problem) ?? throw new AssertionException(problem!);

    private static void Approve(string produced, string name)
    {
        var approvedPath = Path.Combine(SnapshotApproval.SnapshotRoot(), OdeSdeSnapshots.Folder, $"{name}.approved.json");
        var text = File.Exists(approvedPath) && SnapshotApproval.SameUpToRounding(produced, File.ReadAllText(approvedPath)) ? File.ReadAllText(approvedPath) : produced;
        text.ShouldMatchApproved(c => c
            .SubFolder(Path.Combine("..", "..", "..", "fixtures", "snapshots", OdeSdeSnapshots.Folder))
            .WithFileExtension("json")
            .WithFilenameGenerator((_, _, type, extension) => $"{name}.{type}.{extension}")
            .NoDiff()
            .UseCallerLocation());
    }
}
