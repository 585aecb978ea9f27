using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The SDE check's probe of the likelihood's β (<see cref="LikelihoodStdProbe"/>, issue 79 item 2), the always-on twin of
/// <c>Submissions/Examples/OdeSde/Cheats/sde-training-likelihood-std-grad-mode-keyed</c> (no state: LikelihoodStd is
/// 0.8·β under no_grad, β with gradients on): the cheat's untrained model (what its β is keyed on does not depend on the
/// values) read as the scoring reads it, then verified on a second model holding the same values, as the check does in
/// the training's process. The Correct example's model passes the same reads. Two compiles and a few reads: ≈ 2 s of CPU.
/// </summary>
public sealed class SdeLikelihoodStdProbeTests
{
    private static string Family => Path.Combine(Hidden.TrainingQualityTestSupport.RepositoryRoot(), "Submissions", "Examples", "OdeSde");

    private static ISdeTrainingParts Parts(HandinSource source)
    {
        var compiled = HandinCompiler.Default.Compile(source);
        compiled.Success.Should().BeTrue("the hand-in keeps no state, so it compiles under the grader's rules: " + compiled.Summary());
        return (ISdeTrainingParts)new HandinInstance(compiled.Assembly!).CreateFresh(typeof(ISdeTrainingParts))!;
    }

    /// <summary>The probe's verdict on <paramref name="parts"/>: reads with gradients on, then under no_grad (the scoring's passes), then the twin.</summary>
    private static string? Scored(ISdeTrainingParts parts)
    {
        var fresh = parts.Model(new Generator(5));
        var twin = parts.Model(new Generator(5));
        var probe = new LikelihoodStdProbe(() => fresh.LikelihoodStd);
        probe.Read();
        for (var pass = 0; pass < 3; pass++)
            using (no_grad()) probe.Read();
        return probe.Verify(twin);
    }

    [Test]
    public void The_correct_model_reads_the_same_likelihood_std_in_the_scoring_and_the_training() =>
        Scored(Parts(HandinSource.FromFolder(Path.Combine(Family, "Correct")))).Should().BeNull("the Correct example's LikelihoodStd is its LikelihoodBeta() in every grad mode");

    [Test]
    public void The_grad_mode_keyed_likelihood_std_differs_between_the_scoring_and_the_training()
    {
        var problem = Scored(Parts(HandinSource.FromFolder(Path.Combine(Family, "Correct")).WithOverlay(Path.Combine(Family, "Cheats", "sde-training-likelihood-std-grad-mode-keyed"))));
        TestContext.Out.WriteLine(problem);
        problem.Should().Contain("your model's likelihood β is not the same in sampling as in training").And.Contain("read 2 of its LikelihoodStd");
    }
}
