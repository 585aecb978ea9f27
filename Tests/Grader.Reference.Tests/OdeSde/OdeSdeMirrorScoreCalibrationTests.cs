using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The mirror score of the SDE training check (the ODE check's went with the hand-in's loop, issue 66) on a lopsided law (<see cref="LopsidedMixture"/>; issue 45: a
/// trainer that ignores its data), per trainer over grading seeds 1 … N: the first run as graded, with the budget
/// response at its largest fraction. Prints per seed the
/// law, the gap, the time direction D, the improvement and the mirror score S (the held-out score with the model minus
/// with the model mirrored, on the same points), then mean ± sd [extremes] of each; asserts only that every seed was
/// scored (the bounds' derivation: docs/measurements/2026-11-26-ode-sde-training-budget-response.md, "Third stop" (SDE) and "Fourth stop" (ODE)).
/// Trainers: "reference", or a folder under Submissions/Examples/OdeSde ("Correct", "Mutants/…", "Cheats/…", the last
/// overlaid on the Correct example).
/// </summary>
[Explicit("calibration: N seeds of one trainer's first run; about half a minute a seed under load")]
public sealed class OdeSdeMirrorScoreCalibrationTests
{
    /// <summary>The last grading seed (the run parameter <c>seeds</c>, 20 unless given); the first is <c>firstSeed</c> (1).</summary>
    private static int Seeds => TestContext.Parameters.Get("seeds", 20);

    private static ulong FirstSeed => (ulong)TestContext.Parameters.Get("firstSeed", 1);

    [TestCase("reference")]
    [TestCase("Correct")]
    [TestCase("Cheats/sde-training-ignores-its-data")]
    [TestCase("Mutants/sde-training-time-reversed")]
    [TestCase("Mutants/sde-training-fifth-of-budget")]
    public void Sde_mirror_score(string trainer)
    {
        var check = new SdeTrainingQuality();
        ISdeTraining training = trainer == "reference" ? new ReferenceSdeTraining() : Example<ISdeTraining>(trainer);
        var rows = new List<(double Gap, double Direction, double Improvement, double Mirror, double Share)>();
        for (ulong seed = FirstSeed; seed <= (ulong)Seeds; seed++)
        {
            var context = Context(training, check.Id, seed);
            var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt));
            var run = SdeTrainingQuality.Evaluate(context, training, new HandinCall(check.Id, check.SheetRef), SdeTrainingQuality.Steps, out var failure, out _, fraction: SdeTrainingQuality.FractionHigh);
            run.Should().NotBeNull(failure?.Message);
            var r = run!.Value;
            rows.Add((r.Gap, r.TimeDirection, r.Gap - r.FractionGap, r.MirrorShare * law.MirrorScore(), r.MirrorShare));
            TestContext.Progress.WriteLine(Line($"SDE {trainer} seed {seed}: law {law.Direction:+0;-0} × {law.Tilt:F3} (its own mirror score {law.MirrorScore():F4}); gap {r.Gap:F4}, D {r.TimeDirection:F4}, improvement {r.Gap - r.FractionGap:F4}, mirror score {r.MirrorShare * law.MirrorScore():F4}, share {r.MirrorShare:F4}"));
        }
        Summarise($"SDE {trainer}", rows);
    }

    private static void Summarise(string name, List<(double Gap, double Direction, double Improvement, double Mirror, double Share)> rows)
    {
        string Of(Func<(double Gap, double Direction, double Improvement, double Mirror, double Share), double> pick)
        {
            var values = rows.Select(pick).Where(double.IsFinite).ToList();
            if (values.Count == 0) return "none";
            var (m, sd, min, max) = Stats(values);
            return Line($"{m:F4} ± {sd:F4} [{min:F4}, {max:F4}] ({values.Count})");
        }
        TestContext.Out.WriteLine($"{name}: gap {Of(r => r.Gap)}; D {Of(r => r.Direction)}; improvement {Of(r => r.Improvement)}; mirror score {Of(r => r.Mirror)}; share {Of(r => r.Share)}");
        rows.Should().HaveCount(Seeds - (int)FirstSeed + 1);
    }

    private static string Line(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static T Example<T>(string relative) where T : class
    {
        var family = Path.Combine(RepositoryRoot(), "Submissions", "Examples", "OdeSde");
        var source = relative.StartsWith("Cheats/", StringComparison.Ordinal)
            ? HandinSource.FromFolder(Path.Combine(family, "Correct")).WithOverlay(Path.Combine(family, relative))
            : HandinSource.Load(Path.Combine(family, relative));
        var compiled = HandinCompiler.Default.Compile(source);
        var assembly = compiled.Assembly ?? throw new InvalidOperationException(compiled.Summary());
        return (T)(new HandinInstance(assembly).Resolve(typeof(T)) ?? throw new InvalidOperationException($"{relative} has no {typeof(T).Name}"));
    }
}
