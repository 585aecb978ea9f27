namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// The sheet's distinguishing cases every run, by construction (issue 45, item 4): every hidden check that declares its
/// case classes (<see cref="IDrawsCaseClasses"/>: the inputs that tell the sheet's formula from a near miss — a parity,
/// a method's order, the edges of the valid range, a degenerate dimension) draws each class in every run. The check's
/// own draw is replayed (<see cref="IDrawsCaseClasses.ClassesDrawn"/>) for <see cref="Runs"/> run seeds, each turned
/// into the check's seed as grading does (<see cref="HandinGrader.CheckSeed"/>).
/// </summary>
public class CaseClassesEveryRunTests
{
    private const int Runs = 1000;

    /// <summary>The hidden checks whose case classes were left to chance before (issue 45): each must declare them.</summary>
    private static readonly string[] Declared =
    [
        "ode.ku.expected-log-likelihood-laplace-mixture-unseen",
        "ode.ku.log-likelihood-on-unseen-inputs",
        "diffusion.tum.schedule-validity-on-unseen-inputs.beta-above-one",
        "diffusion.tum.schedule-validity-on-unseen-inputs.beta-equal-one",
        "quickies.heidelberg.classification-loss-matches",
        "quickies.heidelberg.vae-loss-matches",
    ];

    private static IEnumerable<IDrawsCaseClasses> Checks() =>
        TutorCatalog.Packs.SelectMany(p => p.HiddenChecks).OfType<IDrawsCaseClasses>().Where(c => c.CaseClasses.Count > 0);

    public static IEnumerable<TestCaseData> CheckIds() =>
        Checks().Select(c => new TestCaseData(c.Id).SetName($"{c.Id} draws each of its case classes in every run"));

    [Test]
    public void The_checks_whose_cases_were_left_to_chance_declare_their_case_classes() =>
        Checks().Select(c => c.Id).Should().Contain(Declared);

    [TestCaseSource(nameof(CheckIds))]
    public void Every_case_class_is_drawn_in_every_run(string id)
    {
        var check = Checks().Single(c => c.Id == id);
        var names = check.CaseClasses.Select(c => c.Name).ToList();
        names.Should().OnlyHaveUniqueItems();
        check.CaseClasses.Should().OnlyContain(c => !string.IsNullOrWhiteSpace(c.NearMiss));
        var missing = new List<string>();
        for (ulong run = 1; run <= Runs; run++)
        {
            var drawn = check.ClassesDrawn(HandinGrader.CheckSeed(run, id));
            missing.AddRange(names.Where(n => !drawn.Contains(n)).Select(n => $"run {run}: {n}"));
        }
        TestContext.Out.WriteLine($"{id}: classes {string.Join(", ", names)}; missing in {missing.Count} class-runs of {Runs * names.Count}");
        missing.Should().BeEmpty($"each class of {id} is drawn in every run");
    }
}
