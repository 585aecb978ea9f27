using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.OdeSde;
using Grader.Reference.OdeSde.Handin;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// The mirror score of the ODE and SDE training checks on a lopsided law (<see cref="LopsidedMixture"/>; issue 45: a
/// trainer that ignores its data), per trainer over grading seeds 1 … N: the first run as graded, with the budget
/// response at its largest fraction. Prints per seed the
/// law, the gap, the time direction D, the improvement and the mirror score S (the held-out score with the model minus
/// with the model mirrored, on the same points), then mean ± sd [extremes] of each; asserts only that every seed was
/// scored (the bounds' derivation: docs/measurements/2026-11-26-ode-sde-training-budget-response.md, "Third stop" (SDE) and "Fourth stop" (ODE)).
/// Trainers: "reference", or a folder under Submissions/Examples/OdeSde ("Correct", "Mutants/…", "Cheats/…", the last
/// overlaid on the Correct example).
/// </summary>
[Explicit("calibration: N seeds of one trainer's first run; SDE about half a minute a seed, ODE minutes, under load")]
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

    [TestCase("reference")]
    [TestCase("Correct")]
    [TestCase("Cheats/ode-training-ignores-its-data")]
    [TestCase("Mutants/ode-training-time-reversed")]
    public void Ode_mirror_score(string trainer)
    {
        var check = new OdeTrainingQuality();
        IOdeTraining training = trainer == "reference" ? new ReferenceOdeTraining() : Example<IOdeTraining>(trainer);
        var rows = new List<(double Gap, double Direction, double Improvement, double Mirror, double Share)>();
        for (ulong seed = FirstSeed; seed <= (ulong)Seeds; seed++)
        {
            var context = Context(training, check.Id, seed);
            var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt));
            var run = OdeTrainingQuality.Evaluate(context, training, new HandinCall(check.Id, check.SheetRef), OdeTrainingQuality.Steps, out var failure, fraction: OdeTrainingQuality.FractionHigh);
            run.Should().NotBeNull(failure?.Message);
            var r = run!.Value;
            rows.Add((r.Gap, r.TimeDirection, r.Gap - r.FractionGap, r.MirrorShare * law.MirrorScore(), r.MirrorShare));
            TestContext.Progress.WriteLine(Line($"ODE {trainer} seed {seed}: law {law.Direction:+0;-0} × {law.Tilt:F3} (its own mirror score {law.MirrorScore():F4}); gap {r.Gap:F4}, D {r.TimeDirection:F4}, improvement {r.Gap - r.FractionGap:F4}, mirror score {r.MirrorShare * law.MirrorScore():F4}, share {r.MirrorShare:F4}"));
        }
        Summarise($"ODE {trainer}", rows);
    }

    /// <summary>
    /// The time-direction probe's candidates on the lopsided law, side by side per seed (the note's "Fifth stop"): the
    /// trainer's first-run training as <c>Evaluate</c> makes it on the lopsided law (law, data, held-out points and
    /// generator at the check's salts, 32 steps), and from the same run (a) D on the held-out points Y (as measured at the
    /// fourth stop), on their mirror images −Y and the mean of the two (the symmetrised points), and D over the law's own
    /// mirror score; (b) D of the probe's own training on the sheet's symmetric law (1000 points and 1000 held-out ones
    /// at the check's data salt, the same training generator, 32 steps: the shipped check's training as it is on main);
    /// (c) D of a 48-step training on the lopsided law (the same data and generator). Log p by the reference's rk4 on the
    /// raw networks (the Correct example and the mutant are honest, so the verified pools give the same values). Prints
    /// one line per seed and mean ± sd [extremes] of each; asserts only that every seed was scored.
    /// </summary>
    [TestCase("Correct")]
    [TestCase("Mutants/ode-training-time-reversed")]
    public void Ode_time_direction_candidates(string trainer)
    {
        var check = new OdeTrainingQuality();
        IOdeTraining training = trainer == "reference" ? new ReferenceOdeTraining() : Example<IOdeTraining>(trainer);
        var names = new[] { "gap", "share", "D(Y)", "D(-Y)", "Dsym", "D/score", "sheet gap", "Dsheet", "gap48", "D48" };
        var rows = new List<double[]>();
        for (ulong seed = FirstSeed; seed <= (ulong)Seeds; seed++)
        {
            var context = Context(training, check.Id, seed);
            var law = LopsidedMixture.Draw(context.NewGenerator(SdeTrainingQuality.LawSalt));
            var (train, test, expected) = Draw(law.Set, context.NewGenerator(0xDA7A));
            var drift = training.Train(train.clone(), FifthStopSteps, context.NewGenerator(0x7));
            double ll = LogP(drift, test), llReversed = LogP(new TimeReversedNetwork(drift), test);
            double llMirror = LogP(drift, -test), llMirrorReversed = LogP(new TimeReversedNetwork(drift), -test);
            double score = law.MirrorScore(), d = ll - llReversed, dMirror = llMirror - llMirrorReversed;
            var sheet = TrainingSetWithLogLikelihood.LaplaceMixture();
            var (sheetTrain, sheetTest, sheetExpected) = Draw(sheet, context.NewGenerator(0xDA7A));
            var sheetDrift = training.Train(sheetTrain.clone(), FifthStopSteps, context.NewGenerator(0x7));
            double sheetLl = LogP(sheetDrift, sheetTest), sheetD = sheetLl - LogP(new TimeReversedNetwork(sheetDrift), sheetTest);
            var drift48 = training.Train(train.clone(), 48, context.NewGenerator(0x7));
            double ll48 = LogP(drift48, test), d48 = ll48 - LogP(new TimeReversedNetwork(drift48), test);
            double[] row = [ll - expected, (ll - llMirror) / score, d, dMirror, (d + dMirror) / 2, d / score, sheetLl - sheetExpected, sheetD, ll48 - expected, d48];
            rows.Add(row);
            TestContext.Progress.WriteLine(Line($"ODE {trainer} seed {seed}: law {law.Direction:+0;-0} × {law.Tilt:F3} (score {score:F4}); ") + string.Join(", ", names.Select((n, i) => Line($"{n} {row[i]:F4}"))));
        }
        TestContext.Out.WriteLine($"ODE {trainer}: " + string.Join("; ", names.Select((n, i) =>
        {
            var (m, sd, min, max) = Stats(rows.Select(r => r[i]).ToList());
            return Line($"{n} {m:F4} ± {sd:F4} [{min:F4}, {max:F4}]");
        })));
        rows.Should().HaveCount(Seeds - (int)FirstSeed + 1);
    }

    /// <summary>The ODE check's budget when the candidates were measured (the fifth stop; 48 since the sixth).</summary>
    private const int FifthStopSteps = 32;

    /// <summary>1000 training points and 1000 held-out ones with their expected log-likelihood, drawn as the check draws them.</summary>
    private static (Tensor Train, Tensor Test, double Expected) Draw(TrainingSetWithLogLikelihood set, Generator generator)
    {
        var train = set.Generate(1000, generator).Data;
        var (test, expected) = set.Generate(1000, generator);
        return (train, test, expected);
    }

    /// <summary>The mean held-out log p by the reference's rk4 on the notebook's grid.</summary>
    private static double LogP(IDifferentiableNetwork network, Tensor points)
    {
        using var _ = torch.no_grad();
        return OdeLogLikelihood.Compute(ContractNetwork.Of(network), points, OdeMethod.Rk4).mean().item();
    }

    /// <summary>
    /// The ODE check's first run under the eighth stop's protocol against the seventh stop's, side by side (the note's
    /// "Eighth stop"), alternately in this process on the Correct example, seeds 2–4 (seed 1 first, untimed: compilation
    /// and warm-up). Seventh: the first two budgets the run draws (<see cref="OdeTrainingQuality.DrawBudgets"/>), each
    /// call judged on everything (gap, mirror share, its own D), the budget response beside the first. Eighth: the same
    /// and the third budget drawn. Both with a 6-step smaller budget (the middle of 3–10), so the difference is the
    /// protocol's. Prints the process's CPU of each; asserts nothing about time.
    /// </summary>
    [Test]
    public void Ode_protocol_cost()
    {
        var check = new OdeTrainingQuality();
        var training = Example<IOdeTraining>("Correct");
        var call = new HandinCall(check.Id, check.SheetRef);
        bool Calls(ulong seed, int calls)
        {
            var context = Context(training, check.Id, seed);
            var budgets = OdeTrainingQuality.DrawBudgets(context.NewGenerator(OdeTrainingQuality.OrderSalt));
            return budgets.Take(calls).Select((b, i) => OdeTrainingQuality.Evaluate(context, training, call, b, out _, fraction: i == 0 ? 6.0 / OdeTrainingQuality.Steps : 0) is not null).All(ok => ok);
        }
        Calls(1, OdeTrainingQuality.GradedCalls).Should().BeTrue();
        foreach (var seed in new ulong[] { 2, 3, 4 })
        {
            var times = new Dictionary<string, double>();
            foreach (var (name, calls) in new[] { ("eighth", OdeTrainingQuality.GradedCalls), ("seventh", 2) })
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                Calls(seed, calls).Should().BeTrue();
                times[name] = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            }
            TestContext.Out.WriteLine(Line($"ODE seed {seed}: the eighth stop's first run {times["eighth"]:F2} s CPU, the seventh stop's {times["seventh"]:F2} s (ratio {times["eighth"] / times["seventh"]:F2})"));
        }
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
