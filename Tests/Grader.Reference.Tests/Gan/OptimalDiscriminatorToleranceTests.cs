using Grader.Checks.Gan;
using Grader.Checks.Hidden.Gan;
using Grader.Contracts.Gan;
using Grader.Reference.Gan;
using Grader.Reference.Tests.Hidden;

namespace Grader.Reference.Tests.Gan;

/// <summary>
/// The D* checks' tolerance from the formula's conditioning (<see cref="OptimalDiscriminatorTolerance"/>; issue 45, item 6,
/// and issue 66, item 4): the log-space evaluation sigmoid(ln p* − ln p_θ) (variant
/// <c>Gan/Variants/optimal-discriminator-log-space</c>) is off by about u·|ln p*|, which the former fixed 6u refused; the
/// log-sum-exp form (<c>optimal-discriminator-log-sum-exp</c>) carries its rounding undamped where D is near 1 in the
/// tails, which issue 45's D(1 − D)-weighted bound refused; the clamped logit (<c>optimal-discriminator-clamped-logit</c>)
/// returns 1 − u where p_θ = 0, which the visible check's former 10⁻⁹ called "does not maximise"; the softplus form on
/// whole tensors (<c>optimal-discriminator-softplus</c>) is the log-sigmoid of a discriminator's loss. Every form is within
/// both tolerances at fixed points in the tails (p* ≈ 1e-8) and where a density is 0, always on; the correct example, the
/// four variants and the reference pass both checks on 2 seeds always on and on 200 in the [Explicit] sweeps (issue 69:
/// sweeps are measurements); the swapped-ratio mutant fails 2 of 2, and 20 of 20 in the [Explicit] case.
/// </summary>
public sealed class OptimalDiscriminatorToleranceTests
{
    private const double U = 1.0 / (1 << 24);
    private static readonly OptimalDiscriminatorMatchesReference Check = new();

    private static string Examples => Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples");

    private static IOptimalDiscriminator Compile(HandinSource source)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (IOptimalDiscriminator)new HandinInstance(assembly).Resolve(typeof(IOptimalDiscriminator))!;
    }

    private static IOptimalDiscriminator Correct() => Compile(HandinSource.FromFolder(Path.Combine(Examples, "Gan", "Correct")));

    private static IOptimalDiscriminator LogSpace() =>
        Compile(HandinSource.FromFolder(Path.Combine(Examples, "Gan", "Correct")).WithOverlay(Path.Combine(Examples, "Gan", "Variants", "optimal-discriminator-log-space")));

    private static IOptimalDiscriminator Variant(string slug) =>
        Compile(HandinSource.FromFolder(Path.Combine(Examples, "Gan", "Correct")).WithOverlay(Path.Combine(Examples, "Gan", "Variants", slug)));

    private static IOptimalDiscriminator Swapped() => Compile(HandinSource.Load(Path.Combine(Examples, "Gan", "Mutants", "discriminator-swapped")));

    private static CheckResult Run(IOptimalDiscriminator handin, ulong seed) =>
        Check.Run(new CheckContext(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(seed, Check.Id), "") { Hidden = true });

    private static readonly OptimalDiscriminatorMaximisesObjective Visible = new();

    private static CheckResult RunVisible(IOptimalDiscriminator handin, ulong seed) =>
        Visible.Run(new CheckContext(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(seed, Visible.Id), ""));

    /// <summary>Issue 45's τ, weighted by D(1 − D) (the sigmoid form only), kept here to show what it refused.</summary>
    private static double Issue45Tolerance(double p, double q, double d) =>
        6 * U + (p > 0 && q > 0 ? 8 * U * d * (1 - d) * (2 + Math.Abs(Math.Log(p)) + Math.Abs(Math.Log(q))) : 0);

    /// <summary>
    /// Far in the tails (p* from 1e-9 to 1e-7, p_θ a factor 10² to 10⁶ below it: D near 1), the log-sum-exp form is off by
    /// more than issue 45's bound at some points, and within the derived τ at every one.
    /// </summary>
    [Test]
    public void The_log_sum_exp_form_far_in_the_tails_is_within_the_derived_tolerance()
    {
        var handin = Variant("optimal-discriminator-log-sum-exp");
        var p = new List<float>();
        var q = new List<float>();
        for (var i = 0; i < 40; i++)
            foreach (var ratio in new[] { 1e2, 1e3, 1e4, 1e6 })
            {
                var pStar = 1e-9 * Math.Pow(100, i / 39.0);
                p.Add((float)pStar);
                q.Add((float)(pStar / ratio));
            }
        var seen = handin.OptimalDiscriminator(Grader.Tensors.torch.tensor(p.ToArray(), [p.Count]), Grader.Tensors.torch.tensor(q.ToArray(), [q.Count])).ToArray();
        double worstOld = 0, worstNew = 0;
        for (var i = 0; i < p.Count; i++)
        {
            double exact = p[i] / ((double)p[i] + q[i]), error = Math.Abs(seen[i] - exact);
            worstOld = Math.Max(worstOld, error / Issue45Tolerance(p[i], q[i], exact));
            worstNew = Math.Max(worstNew, error / OptimalDiscriminatorTolerance.OfValue(p[i], q[i]));
        }
        TestContext.Out.WriteLine($"log-sum-exp D* in the tails: largest error {worstOld:G3} of issue 45's bound, {worstNew:G3} of τ");
        worstOld.Should().BeGreaterThan(1, "issue 45's bound, weighted by D(1 − D), refused this form where D is near 1");
        worstNew.Should().BeLessThan(0.5, "τ covers the three log-space forms with a margin of 2");
    }

    /// <summary>The legitimate forms: the correct example (the ratio directly) and the four log-space variants.</summary>
    private static (string Name, IOptimalDiscriminator Handin)[] Legitimate() =>
        [("correct", Correct()), ("log space", LogSpace()), ("log-sum-exp", Variant("optimal-discriminator-log-sum-exp")),
         ("clamped logit", Variant("optimal-discriminator-clamped-logit")), ("softplus", Variant("optimal-discriminator-softplus"))];

    /// <summary>
    /// Issue 66, item 4, by construction rather than by draw: every legitimate form at p* from 1e-9 to 1e-7 with p_θ from
    /// 10⁶ times below to 10⁶ times above it (D* from 1 − 1e-6 to 1e-6), at p_θ = 0 and at p* = 0 (D* = 1 and 0), is within τ
    /// of the exact value; and where the visible check draws (densities within e⁸ of each other, or one of them 0) within
    /// its objective bound, D clamped to [0, 1] from at most 6u outside as the check does. (Far apart, D = 1 in float32
    /// where p_θ &gt; 0 makes f = −∞: the objective bound is second order and holds only where τ ≤ D*(1 − D*)/100, which
    /// the visible check's draw keeps; the hidden check compares values.)
    /// </summary>
    [Test]
    public void Every_legitimate_form_far_in_the_tails_and_at_a_density_zero_is_within_both_tolerances()
    {
        var p = new List<float>();
        var q = new List<float>();
        for (var i = 0; i < 9; i++)
        {
            var pStar = 1e-9 * Math.Pow(100, i / 8.0);
            foreach (var ratio in new[] { 1e6, 1e4, 1e2, 3, 1, 1 / 3.0, 1e-2, 1e-4, 1e-6 })
            {
                p.Add((float)pStar);
                q.Add((float)(pStar / ratio));
            }
            p.AddRange([(float)pStar, 0f]);
            q.AddRange([0f, (float)pStar]);
        }
        foreach (var (name, handin) in Legitimate())
        {
            var seen = handin.OptimalDiscriminator(Grader.Tensors.torch.tensor(p.ToArray(), [p.Count]), Grader.Tensors.torch.tensor(q.ToArray(), [q.Count])).ToArray();
            double worstValue = 0, worstObjective = 0;
            for (var i = 0; i < p.Count; i++)
            {
                double exact = p[i] / ((double)p[i] + q[i]), d = seen[i];
                worstValue = Math.Max(worstValue, Math.Abs(d - exact) / OptimalDiscriminatorTolerance.OfValue(p[i], q[i]));
                var drawnByVisible = p[i] == 0 || q[i] == 0 || Math.Abs(Math.Log(p[i] / (double)q[i])) <= 8;
                if (!drawnByVisible) continue;
                Math.Abs(d - Math.Clamp(d, 0, 1)).Should().BeLessThanOrEqualTo(OptimalDiscriminatorTolerance.OutsideUnitInterval, $"{name} at point {i}");
                d = Math.Clamp(d, 0, 1);
                double f(double x) => (p[i] > 0 ? p[i] * Math.Log(x) : 0) + (q[i] > 0 ? q[i] * Math.Log(1 - x) : 0);
                var shortfall = f(exact) - f(d);
                worstObjective = Math.Max(worstObjective, shortfall / OptimalDiscriminatorTolerance.OfObjective(p[i], q[i]));
            }
            TestContext.Out.WriteLine($"{name}: largest error {worstValue:G3} of τ, largest objective shortfall {worstObjective:G3} of its bound");
            worstValue.Should().BeLessThan(0.5, $"{name}: τ keeps a margin of 2 in the tails and at a density 0");
            worstObjective.Should().BeLessThanOrEqualTo(1, $"{name}: the visible check's bound holds in the tails and at a density 0");
        }
    }

    /// <summary>
    /// Where p_θ = 0 the logit clamped to 16 returns 1 − 2u (1 + e^−16 rounds up to 1 + 2u), and where p* = 0 about
    /// 1.1e-7: within 6u of the maximiser at the end of [0, 1], where the objective falls to first order, by more than the
    /// former 10⁻⁹·(p* + p_θ).
    /// </summary>
    [Test]
    public void The_clamped_logit_at_a_density_zero_is_within_the_first_order_tolerance()
    {
        var handin = Variant("optimal-discriminator-clamped-logit");
        float[] p = [0.02f, 0.5f, 1f, 7f, 0f, 0f];
        float[] q = [0f, 0f, 0f, 0f, 0.3f, 5f];
        var seen = handin.OptimalDiscriminator(Grader.Tensors.torch.tensor(p, [p.Length]), Grader.Tensors.torch.tensor(q, [q.Length])).ToArray();
        for (var i = 0; i < p.Length; i++)
        {
            double end = q[i] == 0 ? 1 : 0, d = seen[i];
            Math.Abs(d - end).Should().BeInRange(U / 2, 6 * U, $"point {i}: an ulp or two from the end, not on it");
            var shortfall = q[i] == 0 ? -p[i] * Math.Log(d) : -q[i] * Math.Log(1 - d);
            shortfall.Should().BeGreaterThan(1e-9 * (p[i] + q[i]), "the former bound refused it");
            shortfall.Should().BeLessThanOrEqualTo(OptimalDiscriminatorTolerance.OfObjective(p[i], q[i]));
        }
    }

    /// <summary>The always-on share of <see cref="The_log_space_variants_pass_the_visible_check_on_200_seeds"/>: 2 seeds.</summary>
    [Test]
    public void The_log_space_variants_pass_the_visible_check_on_2_seeds() => LegitimatePassVisible(2);

    [Test]
    [Explicit("200-seed sweep, a measurement; the always-on test runs 2 seeds")]
    public void The_log_space_variants_pass_the_visible_check_on_200_seeds() => LegitimatePassVisible(200);

    private static void LegitimatePassVisible(int seeds)
    {
        foreach (var (name, handin) in Legitimate())
        {
            var failed = Enumerable.Range(1, seeds).Select(k => (ulong)k).Select(seed => RunVisible(handin, seed)).Where(r => !r.Passed).ToList();
            TestContext.Out.WriteLine($"{name}: failed the visible check on {failed.Count} of {seeds} seeds");
            failed.Select(r => r.Message).Should().BeEmpty(name);
        }
    }

    [TestCase(2)]
    [TestCase(20, Explicit = true, Reason = "20-seed sweep; the always-on case runs 2 seeds")]
    public void The_swapped_ratio_fails_the_visible_check_on_every_seed(int seeds)
    {
        var handin = Swapped();
        Enumerable.Range(1, seeds).Count(k => !RunVisible(handin, (ulong)k).Passed).Should().Be(seeds);
    }

    [Test]
    public void The_log_space_form_is_off_by_more_than_the_former_6u_and_within_the_conditioning_tolerance()
    {
        var handin = LogSpace();
        double worstInU = 0, worstInTolerance = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var pairs = DensityPair.Draw(new CheckContext(_ => null, HandinGrader.CheckSeed(seed, Check.Id), "").NewGenerator());
            foreach (var pair in pairs.Concat(pairs.Select(p => p.Swapped())))
            {
                var seen = handin.OptimalDiscriminator(pair.PTensor(), pair.QTensor()).ToArray();
                var expected = GanObjective.OptimalDiscriminator(pair.PDouble(), pair.QDouble());
                for (var i = 0; i < seen.Length; i++)
                {
                    if (pair.P[i] == 0 && pair.Q[i] == 0) continue;
                    var error = Math.Abs(seen[i] - expected[i]);
                    worstInU = Math.Max(worstInU, error / U);
                    worstInTolerance = Math.Max(worstInTolerance, error / OptimalDiscriminatorMatchesReference.ToleranceAt(pair.P[i], pair.Q[i]));
                }
            }
        }
        TestContext.Out.WriteLine($"log-space D* over 20 seeds: largest error {worstInU:G3} u, {worstInTolerance:G3} of the tolerance");
        worstInU.Should().BeGreaterThan(6, "the former fixed 6u refused the log-space form");
        worstInTolerance.Should().BeLessThan(0.5, "the conditioning tolerance keeps a margin of 2 over the drawn pairs");
    }

    /// <summary>The always-on share of <see cref="The_correct_example_the_log_space_variants_and_the_reference_pass_200_seeds"/>: 2 seeds.</summary>
    [Test]
    public void The_correct_example_the_log_space_variants_and_the_reference_pass_2_seeds() => LegitimatePassHidden(2);

    [Test]
    [Explicit("200-seed sweep, a measurement; the always-on test runs 2 seeds")]
    public void The_correct_example_the_log_space_variants_and_the_reference_pass_200_seeds() => LegitimatePassHidden(200);

    private static void LegitimatePassHidden(int seeds)
    {
        var reference = TutorCatalog.ReferenceResolver()(typeof(IOptimalDiscriminator)) as IOptimalDiscriminator ?? throw new InvalidOperationException("no reference D*");
        foreach (var (name, handin) in Legitimate().Append(("reference", reference)))
        {
            var failed = Enumerable.Range(1, seeds).Select(k => (ulong)k).Where(seed => !Run(handin, seed).Passed).ToList();
            TestContext.Out.WriteLine($"{name}: failed on {failed.Count} of {seeds} seeds");
            failed.Should().BeEmpty(name);
        }
    }

    [TestCase(2)]
    [TestCase(20, Explicit = true, Reason = "20-seed sweep; the always-on case runs 2 seeds")]
    public void The_swapped_ratio_fails_on_every_seed(int seeds)
    {
        var handin = Swapped();
        var caught = Enumerable.Range(1, seeds).Count(k => !Run(handin, (ulong)k).Passed);
        caught.Should().Be(seeds);
    }
}
