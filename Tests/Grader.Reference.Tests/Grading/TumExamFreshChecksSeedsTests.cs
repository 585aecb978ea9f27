using Grader.Checks.Flows.Tum;
using Grader.Checks.Hidden.Diffusion.Unseen;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Reference.Diffusion.Handin;
using Grader.Reference.Flows.Handin;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// Sheet 002's exam questions asked on instances drawn for the tutor's run — P1 (b) with other powers, P4 (b)/(c) on
/// training-length schedules, P4 (d) with other constants and N — against the correct examples (compiled) and the
/// reference, one run per check and seed. Every one of these checks is exact with margins (see each check's doc), so
/// neither may fail under any seed: 20 seeds here, 200 in the [Explicit] test.
/// </summary>
public class TumExamFreshChecksSeedsTests
{
    private static readonly string Root = RepositoryRoot.Path;

    private static ICheck[] Checks() =>
    [
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FlowsTutorPack.FreshPowers),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FlowsTutorPack.FreshPowers),
        new ScheduleValidityOnUnseenSchedules(ScheduleDefect.AboveOne),
        new ScheduleValidityOnUnseenSchedules(ScheduleDefect.EqualOne),
        .. InvalidSchedulesOnUnseenInputs.PerSchedule,
    ];

    [Test]
    public void The_correct_examples_and_the_reference_pass_under_20_seeds() => Run(20, firstSeed: 1);

    [Test]
    [Explicit("200 seeds × 8 checks × (correct examples, reference): 3200 runs, 0 failed, 25 s (load 16)")]
    public void The_correct_examples_and_the_reference_pass_under_200_seeds() => Run(200, firstSeed: 9_000);

    private static void Run(int seeds, ulong firstSeed)
    {
        var diffusion = Compile("Diffusion");
        var flows = Compile("Flows");
        object? Correct(Type type) => diffusion(type) ?? flows(type);
        var references = new Dictionary<Type, object>
        {
            [typeof(IThreeDimensionalTransformationValidity)] = new ReferenceThreeDimensionalTransformationValidity(),
            [typeof(IBetaScheduleValidity)] = new ReferenceBetaScheduleValidity(),
            [typeof(IInvalidBetaSchedules)] = new ReferenceInvalidBetaSchedules(),
        };
        foreach (var (name, resolve) in new (string, Func<Type, object?>)[] { ("the correct examples", Correct), ("the reference", t => references.GetValueOrDefault(t)) })
        {
            var failures = new List<string>();
            var runs = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (var seed = firstSeed; seed < firstSeed + (ulong)seeds; seed++)
                foreach (var check in Checks())
                {
                    var result = check.Run(new CheckContext(resolve, HandinGrader.CheckSeed(seed, check.Id), ""));
                    runs++;
                    if (!result.Passed) failures.Add($"seed {seed}, {check.Id}: {result.Message}");
                }
            TestContext.Out.WriteLine($"{runs} check runs on {name} over {seeds} seeds: {failures.Count} failed ({clock.Elapsed.TotalSeconds:0.0} s).");
            failures.Should().BeEmpty(string.Join("\n", failures));
        }
    }

    private static Func<Type, object?> Compile(string family)
    {
        var compiled = HandinCompiler.Default.Compile(HandinSource.Load(Path.Combine(Root, "Submissions", "Examples", family, "Correct")));
        compiled.Success.Should().BeTrue(compiled.Summary());
        return new HandinInstance(compiled.Assembly!).Resolve;
    }
}
