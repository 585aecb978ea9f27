using Grader.Checks.Hidden.Diffusion.Statistical;
using Grader.Checks.Hidden.Diffusion.Oracles;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Reference.Diffusion.Oracles;
using static Grader.Checks.Hidden.Diffusion.Statistical.DtuSamplerFollowsOracleLaw;

namespace Grader.Reference.Tests.Diffusion.Statistical;

/// <summary>
/// The statistical checks compute their expected laws with their own small recursions (Grader.Checks may not use the
/// reference); here those recursions are held to the reference's <see cref="GaussianOutputLaw"/>, the grader-side oracle
/// to the reference's <see cref="GaussianMixtureDenoiser"/>, and the reference hand-in passes every check.
/// </summary>
public sealed class StatisticalChecksAgreeWithReferenceTests
{
    private static readonly double[] Means = [0.5, -0.5, 0.3];
    private static readonly double[] Variances = [0.0025, 0.25, 1.0];

    private static IEnumerable<NoiseSchedule> Schedules()
    {
        yield return new DtuSamplerFollowsOracleLaw().Design.Schedule();
        yield return ScheduleTerms.Linear(250, 1e-4, 0.02);
        yield return ScheduleTerms.Linear(1000, 1e-4, 0.02);
    }

    [Test]
    public void Schedule_terms_equal_the_reference_schedule()
    {
        foreach (var schedule in Schedules())
        {
            var mine = new ScheduleTerms(schedule);
            var reference = BetaSchedule.FromBetas(schedule.Betas);
            for (var t = 0; t < schedule.T; t++)
            {
                mine.AlphaBar[t].Should().BeApproximately(reference.AlphaBar[t], 1e-15);
                mine.AlphaBarPrevious[t].Should().BeApproximately(reference.AlphaBarPrevious[t], 1e-15);
                mine.BetaTilde[t].Should().BeApproximately(reference.BetaTilde[t], 1e-15);
            }
        }
    }

    [Test]
    public void The_dtu_sampler_law_equals_the_reference_output_law_for_every_variant()
    {
        foreach (var schedule in Schedules())
        {
            var reference = BetaSchedule.FromBetas(schedule.Betas);
            var beta = new Ddpm(reference, ReverseVariance.Beta);
            var tilde = new Ddpm(reference, ReverseVariance.BetaTilde);
            for (var j = 0; j < Means.Length; j++)
            {
                var (m, s2) = (Means[j], Variances[j]);
                IEnumerable<AffineStep> Steps(Func<AffineStep, AffineStep> change) => beta.Timesteps.Select(t => change(beta.Coefficients(t)));
                var expected = new Dictionary<Variant, GaussianOutputLaw>
                {
                    [Variant.AsSpecified] = GaussianOutputLaw.For(beta, m, s2),
                    [Variant.PosteriorVariance] = GaussianOutputLaw.For(tilde, m, s2),
                    [Variant.SigmaIsBeta] = GaussianOutputLaw.For(reference, Steps(a => a with { NoiseVariance = a.NoiseVariance * a.NoiseVariance }), m, s2),
                    [Variant.NoNoise] = GaussianOutputLaw.For(reference, Steps(a => a with { NoiseVariance = 0 }), m, s2),
                    [Variant.NoiseAtLastStep] = GaussianOutputLaw.For(reference, Steps(a => a.T == 0 ? a with { NoiseVariance = reference.Beta[0] } : a), m, s2),
                    [Variant.EpsilonSignFlipped] = GaussianOutputLaw.For(reference, Steps(a => a with { Epsilon = -a.Epsilon }), m, s2),
                };
                foreach (var (variant, law) in expected)
                {
                    var mine = ExpectedLaw(schedule, m, s2, variant);
                    mine.Mean.Should().BeApproximately(law.Mean, 1e-9 * (1 + Math.Abs(law.Mean)), $"{variant}, T = {schedule.T}, μ = {m}, s² = {s2}");
                    mine.Variance.Should().BeApproximately(law.Variance, 1e-9 * law.Variance, $"{variant}, T = {schedule.T}, μ = {m}, s² = {s2}");
                }
            }
        }
    }

    [Test]
    public void The_reverse_step_law_equals_the_reference_posterior_step()
    {
        foreach (var schedule in Schedules())
        {
            var reference = BetaSchedule.FromBetas(schedule.Betas);
            var tilde = new Ddpm(reference, ReverseVariance.BetaTilde);
            foreach (var t in new[] { 1, 2, schedule.T / 2, schedule.T - 1 })
            for (var j = 0; j < Means.Length; j++)
            {
                var step = tilde.Coefficients(t);
                var (k, l) = GaussianOutputLaw.OracleCoefficients(reference, t, Means[j], Variances[j]);
                var mine = ReverseStepHasPosteriorVariance.StepLaw(schedule, t, Means[j], Variances[j]);
                mine.C.Should().BeApproximately(step.Z + step.Epsilon * k, 1e-12);
                mine.O.Should().BeApproximately(step.Epsilon * l, 1e-12);
                mine.Variance.Should().BeApproximately(step.NoiseVariance, 1e-18);
            }
        }
    }

    [Test]
    public void The_ddim_map_equals_the_reference_ddim_law()
    {
        foreach (var schedule in Schedules())
        {
            var ddim = new Ddim(BetaSchedule.FromBetas(schedule.Betas), eta: 0);
            for (var j = 0; j < Means.Length; j++)
            {
                var law = GaussianOutputLaw.For(ddim, Means[j], Variances[j]);
                var (gain, offset) = InterpolationTrajectoryIsSmooth.DdimMap(schedule, Means[j], Variances[j]);
                gain.Should().BeApproximately(law.Gain, 1e-12);
                offset.Should().BeApproximately(law.Mean, 1e-12);
            }
        }
    }

    [Test]
    public void The_ddim_sigma_equals_the_reference()
    {
        var schedule = ScheduleTerms.Linear(250, 1e-4, 0.02);
        var ddim = new Ddim(BetaSchedule.FromBetas(schedule.Betas), eta: 0.7);
        foreach (var t in new[] { 0, 1, 125, 249 })
            DdimEtaZeroIsDeterministic.Sigma(schedule, t, 0.7).Should().BeApproximately(Math.Sqrt(ddim.Sigma2(t)), 1e-15);
    }

    [TestCase(OracleTime.RawIndex)]
    [TestCase(OracleTime.FractionOfT)]
    public void The_grader_oracle_equals_the_reference_denoiser(OracleTime time)
    {
        var schedule = ScheduleTerms.Linear(100, 1e-3, 0.2);
        var reference = GaussianMixtureDenoiser.Single(BetaSchedule.FromBetas(schedule.Betas), [0.5, -0.5], [0.0025, 0.25]);
        var oracle = new LinearGaussianOracle(schedule, [0.5, -0.5], [0.0025, 0.25], time);
        var g = new Generator(3);
        foreach (var t in new[] { 0, 1, 50, 99 })
        {
            var z = randn([64, 2], g);
            var input = time == OracleTime.RawIndex ? full([64], t) : full([64, 1], (float)t / 100);
            var mine = oracle.Forward(z, input).ToArray();
            var theirs = reference.Predict(z, Enumerable.Repeat(t, 64).ToArray()).ToArray();
            for (var i = 0; i < mine.Length; i++) mine[i].Should().BeApproximately(theirs[i], 1e-6f * (1 + Math.Abs(theirs[i])));
        }

        oracle.VisitedSteps.Should().Equal(0, 1, 50, 99);
    }

    [Test]
    public void The_reference_hand_in_passes_every_statistical_check()
    {
        foreach (var check in Grading.CorrectExampleSeedsTests.StatisticalChecks())
        {
            for (ulong seed = 1; seed <= 3; seed++)
            {
                var result = check.Run(new CheckContext(TutorCatalog.ReferenceResolver(), Grader.Checks.Grading.HandinGrader.CheckSeed(seed, check.Id), snapshotRoot: ""));
                result.Passed.Should().BeTrue($"{check.Id}, seed {seed}: {result.Message}");
            }
        }
    }
}
