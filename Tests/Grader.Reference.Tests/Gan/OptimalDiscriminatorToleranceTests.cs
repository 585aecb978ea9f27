using Grader.Checks.Hidden.Gan;
using Grader.Contracts.Gan;
using Grader.Reference.Gan;
using Grader.Reference.Tests.Hidden;

namespace Grader.Reference.Tests.Gan;

/// <summary>
/// The hidden D* check's tolerance from the formula's conditioning (issue 45, item 6): the log-space evaluation
/// sigmoid(ln p* − ln p_θ) (variant <c>Gan/Variants/optimal-discriminator-log-space</c>) is off by about u·|ln p*|, which the
/// former fixed 6u refused; the correct example, the variant and the reference pass 200 seeds, the swapped-ratio mutant
/// fails 20 of 20.
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

    private static IOptimalDiscriminator Swapped() => Compile(HandinSource.Load(Path.Combine(Examples, "Gan", "Mutants", "discriminator-swapped")));

    private static CheckResult Run(IOptimalDiscriminator handin, ulong seed) =>
        Check.Run(new CheckContext(type => type.IsInstanceOfType(handin) ? handin : null, HandinGrader.CheckSeed(seed, Check.Id), "") { Hidden = true });

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
                    worstInTolerance = Math.Max(worstInTolerance, error / OptimalDiscriminatorMatchesReference.ToleranceAt(pair.P[i], pair.Q[i], expected[i]));
                }
            }
        }
        TestContext.Out.WriteLine($"log-space D* over 20 seeds: largest error {worstInU:G3} u, {worstInTolerance:G3} of the tolerance");
        worstInU.Should().BeGreaterThan(6, "the former fixed 6u refused the log-space form");
        worstInTolerance.Should().BeLessThan(0.5, "the conditioning tolerance keeps a margin of 2 over the drawn pairs");
    }

    [Test]
    public void The_correct_example_the_log_space_variant_and_the_reference_pass_200_seeds()
    {
        var reference = TutorCatalog.ReferenceResolver()(typeof(IOptimalDiscriminator)) as IOptimalDiscriminator ?? throw new InvalidOperationException("no reference D*");
        foreach (var (name, handin) in new[] { ("correct", Correct()), ("log space", LogSpace()), ("reference", reference) })
        {
            var failed = Enumerable.Range(1, 200).Select(k => (ulong)k).Where(seed => !Run(handin, seed).Passed).ToList();
            TestContext.Out.WriteLine($"{name}: failed on {failed.Count} of 200 seeds");
            failed.Should().BeEmpty(name);
        }
    }

    [Test]
    public void The_swapped_ratio_fails_20_of_20_seeds()
    {
        var handin = Swapped();
        var caught = Enumerable.Range(1, 20).Count(k => !Run(handin, (ulong)k).Passed);
        caught.Should().Be(20);
    }
}
