using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.Hidden.Training;
using Grader.Contracts.Flows;
using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The two fresh cheats of the sampling's probes beyond the V (issue 79 items 2 and 6), both without any state
/// (GRADER005 has nothing to refuse: they compile under the grader's rules):
/// <list type="bullet">
/// <item><c>Submissions/Examples/OdeSde/Cheats/ode-training-grad-mode-keyed</c>: the correct drift, plus 0.05 under
/// no_grad (the engine's grad mode is open to a hand-in, <c>torch.is_grad_enabled()</c>; the grader reads a trained
/// drift for its likelihood under no_grad, and its training records a graph);</item>
/// <item><c>Submissions/Examples/Flows/Cheats/inn-sampling-batch-size-keyed</c>: the correct INN, whose Forward on calls
/// of at least 2048 rows is z × 0.98 (with its exact log-determinant).</item>
/// </list>
/// The always-on tests call each cheat's untrained model (its initial values: what a model computes does not depend on
/// them) as the check's scoring does (the ODE's under no_grad, the INN's in calls of thousands of rows) through
/// <see cref="SamplingProbes"/>, and verify the kept rows on a second model holding the same values, as the check does in
/// the training's process: the probes say the function is not the same in sampling as in training; the same calls
/// made as the training makes them (grad on, batches of 512) pass. Two compiles and a few calls: ≈ 3 s of CPU. The
/// [Explicit] sweep grades each cheat by its check's whole decision on 20 seeds.
/// </summary>
public sealed class SamplingProbesCheatsTests
{
    private static string Family(string family) => Path.Combine(TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", family);

    private static HandinSource Source(string family, string slug) => HandinSource.FromFolder(Path.Combine(Family(family), "Correct")).WithOverlay(Path.Combine(Family(family), "Cheats", slug));

    /// <summary>The cheat compiled by the grader's own compiler (GRADER005 included): it keeps no state, so nothing refuses it.</summary>
    private static T Parts<T>(string family, string slug) where T : class
    {
        var compiled = HandinCompiler.Default.Compile(Source(family, slug));
        compiled.Success.Should().BeTrue($"{slug} keeps no state, so it compiles under the grader's rules: " + compiled.Summary());
        return (T)new HandinInstance(compiled.Assembly!).CreateFresh(typeof(T))!;
    }

    [Test]
    public void The_grad_mode_keyed_drift_differs_between_the_scoring_and_the_training()
    {
        var parts = Parts<IOdeTrainingParts>("OdeSde", "ode-training-grad-mode-keyed");
        var fresh = parts.Model(new Generator(5));
        var twin = parts.Model(new Generator(5));
        var x = linspace(-20, 20, 2561).reshape(2561, 1);

        string? Scored(bool underNoGrad)
        {
            var probes = new SamplingProbes(16, new Generator(9));
            var probed = probes.Wrap(fresh, "f");
            for (var k = 0; k < 16; k++)
            {
                var t = full([2561, 1], k / 15f);
                if (underNoGrad)
                    using (no_grad()) probed.Forward(x, t);
                else probed.Forward(x, t);
            }

            return probes.Verify(_ => twin, 125, "drift");
        }

        Scored(underNoGrad: false).Should().BeNull("the same calls with grad on, as the training makes them, agree");
        var problem = Scored(underNoGrad: true);
        TestContext.Out.WriteLine(problem);
        problem.Should().Contain("your drift's function is not the same in sampling as in training").And.Contain("(its f.Forward)").And.Contain("grad mode");
    }

    [Test]
    public void The_batch_size_keyed_flow_differs_between_the_scoring_and_the_training()
    {
        var parts = Parts<IInnTrainingParts>("Flows", "inn-sampling-batch-size-keyed");
        const int d = 4;
        var fresh = parts.Model(d, new Generator(5));
        var twin = parts.Model(d, new Generator(5));
        var g = new Generator(11);

        string? Scored(int rows)
        {
            var probes = new SamplingProbes(6, new Generator(9));
            var probed = probes.Wrap(fresh);
            using (no_grad())
                for (var k = 0; k < 3; k++)
                {
                    probed.Forward(randn([rows, d], g));
                    probed.Inverse(randn([rows, d], g));
                }

            return probes.Verify(twin, 512);
        }

        Scored(rows: 512).Should().BeNull("calls the size of a training batch agree");
        var problem = Scored(rows: 4096);
        TestContext.Out.WriteLine(problem);
        problem.Should().Contain("your flow's function is not the same in sampling as in training").And.Contain("(its Forward)");
    }

    public static IEnumerable<TestCaseData> Sweeps() =>
    [
        new TestCaseData("OdeSde", "ode-training-grad-mode-keyed").SetName("Cheat ode-training-grad-mode-keyed loses the ODE check on 20 of 20 seeds"),
        new TestCaseData("Flows", "inn-sampling-batch-size-keyed").SetName("Cheat inn-sampling-batch-size-keyed loses the INN check on 20 of 20 seeds"),
    ];

    /// <summary>
    /// The cheat graded by its check's whole decision on seeds 1 … 20 (<see cref="TrainingCheatsSweep.Outcomes"/>; the
    /// run parameter-free <c>TRAINING_SEEDS</c> picks others): it loses on every seed, at the sampling's probes.
    /// </summary>
    [TestCaseSource(nameof(Sweeps))]
    [Explicit("20 seeds of a training check: ≈ 15 min (ODE) to 40 min (INN) of CPU")]
    [Category("Slow")]
    public void The_cheat_loses_its_check_on_every_seed(string family, string slug)
    {
        var outcomes = family == "Flows"
            ? TrainingCheatsSweep.Outcomes(Source(family, slug), slug, "flows.heidelberg.inn-training-quality", context =>
            {
                var (result, runs) = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated).Decide(context);
                return (result, runs.Count, runs.Count > 0 ? [runs[0].Nll] : []);
            })
            : TrainingCheatsSweep.Outcomes(Source(family, slug), slug, "ode.ku.laplace-mixture-training-quality", context =>
            {
                var (result, scores) = new OdeTrainingPartsQuality().Measure(context);
                return (result, 1, scores is null ? [] : [scores.Gap]);
            });
        foreach (var o in outcomes) TestContext.Out.WriteLine($"{slug}, seed {o.Seed}: {o.Message}");
        outcomes.Where(o => o.Passed).Select(o => o.Seed).Should().BeEmpty($"{slug} must lose its check on every seed");
        // The sampling's probes say one of two things: the kept rows differ in the training's process, or a repeat differs.
        static bool AtProbes(string m) => m.Contains("not the same in sampling as in training", StringComparison.Ordinal) || m.Contains("function changed during the sampling", StringComparison.Ordinal);
        TestContext.Out.WriteLine($"{slug}: {outcomes.Count(o => AtProbes(o.Message))} of {outcomes.Count} at the sampling's probes");
    }

    /// <summary>
    /// The images' check with its new probes (the held-out losses and the samples of both trainings): the Correct example
    /// keeps it on seeds 1 … 20 (the ODE's, the SDE's and the INN's Correct examples have their sweeps:
    /// <c>OdeSdeTrainingCheatsSeedsTests</c>, <c>InnWholeDecisionSweep</c>).
    /// </summary>
    [Test]
    [Explicit("20 seeds of the image check: ≈ 2 min of CPU")]
    [Category("Slow")]
    public void The_correct_example_keeps_the_image_check_on_every_seed()
    {
        var check = new Grader.Checks.Hidden.Diffusion.Images.DtuImageTrainingQuality();
        var outcomes = TrainingCheatsSweep.Outcomes(TrainingCheatsSweep.Source(null), "Correct", check.Id, context =>
        {
            var (result, runs) = check.Decide(context);
            return (result, runs.Count, runs.Count > 0 ? runs[0].Values : []);
        });
        outcomes.Where(o => !o.Passed).Select(o => $"seed {o.Seed}: {o.Message}").Should().BeEmpty();
    }
}
