using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// Measurements behind two designs of issue 45, item 3 (docs/measurements/2026-11-26-v-toy-training-budget-response.md):
/// the V check's loss profile over fine bands of t for the correct trainers and the few-noise-levels cheat (where that
/// trainer is blind, and how far), and the toy-data check's improvement curve over small fractions of its budget (paired:
/// the same noised points for every budget) per band of t. Prints tab-separated rows; asserts only that every network
/// gave finite losses. Run on purpose (minutes of CPU).
/// </summary>
[Explicit("measurement: trains 20 seeds × trainers, minutes; prints its figures")]
public sealed class TrainingProfileMeasurementTests
{
    private static readonly HeidelbergVTrainingQuality V = new();
    private static readonly DtuToyDataTrainingQuality Toy = new();

    private static IDiffusionTraining Trainer(string name) => name switch
    {
        "reference-heidelberg" => ReferenceTraining.Heidelberg,
        "reference-dtu" => ReferenceTraining.Dtu,
        // Not in the corpus: it does not lose the V check on 20 of 20 seeds (the measurements file).
        "few-noise-levels" => CorrectWith("int t = (int)generator.NextInt(0, T);", "int t = (int)generator.NextInt(0, 6) * T / 8;"),
        // Other sets of a few levels (issue 45, third stop): only the noisier half, and four levels spread over all t.
        "upper-half" => CorrectWith("int t = (int)generator.NextInt(0, T);", "int t = (int)generator.NextInt(T / 2, T);"),
        "four-levels" => CorrectWith("int t = (int)generator.NextInt(0, T);", "int t = (int)generator.NextInt(0, 4) * (T - 1) / 3;"),
        _ => TrainingCheatsSweep.Trainer(name),
    };

    /// <summary>The V check's training (the check's data, generator and loss points), its full network's loss in <paramref name="bands"/> bands of t.</summary>
    [TestCase("Correct", 25)]
    [TestCase("reference-heidelberg", 25)]
    [TestCase("few-noise-levels", 25)]
    public void V_profile(string trainer, int bands)
    {
        var training = Trainer(trainer);
        var schedule = V.Design.Schedule();
        var call = new HandinCall(V.Id, V.SheetRef);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var context = Context(training, V.Id, seed);
            var train = HeidelbergToyData.V(context.NewGenerator(1));
            var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
            // The full budget and the budget response's smaller one (0.025 of it), each network's profile on the same rows.
            foreach (var steps in new[] { V.Design.Steps, V.Design.Steps / 40 })
            {
                var network = training.Train(train.Data, schedule, steps, context.NewGenerator(4));
                NoiseBandProfile.Measure(call, network, schedule, lossPoints, bands, context.NewGenerator(9), context.NewGenerator(10), context.NewGenerator(11), out var loss, out var profile)
                    .Should().BeNull();
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VPROF\t{trainer}\t{seed}\t{steps}\t{loss:F5}\t{string.Join("\t", profile.Select(p => p.ToString("F5", CultureInfo.InvariantCulture)))}"));
                profile.Should().OnlyContain(p => double.IsFinite(p));
            }
        }
    }

    /// <summary>
    /// A candidate score of the V check, not shipped: the smaller budget's network's loss at t ≥ T/2 over its loss at
    /// t &lt; T/2 (two bands of <see cref="NoiseBandProfile"/>), at both ends of the drawn budget (80 and 120 of 4000 steps),
    /// trained as the check trains (its data, generator and rows).
    /// </summary>
    [TestCase("Correct")]
    [TestCase("reference-heidelberg")]
    [TestCase("few-noise-levels")]
    public void V_smaller_noisy_half(string trainer)
    {
        var training = Trainer(trainer);
        var schedule = V.Design.Schedule();
        var call = new HandinCall(V.Id, V.SheetRef);
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var context = Context(training, V.Id, seed);
            var train = HeidelbergToyData.V(context.NewGenerator(1));
            var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
            foreach (var steps in new[] { 80, 120 })
            {
                var network = training.Train(train.Data, schedule, steps, context.NewGenerator(4));
                NoiseBandProfile.Measure(call, network, schedule, lossPoints, 2, context.NewGenerator(9), context.NewGenerator(12), context.NewGenerator(13), out var loss, out var halves)
                    .Should().BeNull();
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VHALF\t{trainer}\t{seed}\t{steps}\t{loss:F5}\t{halves[0]:F5}\t{halves[1]:F5}\t{halves[1] / halves[0]:F5}"));
            }
        }
    }

    /// <summary>
    /// The V check's smaller budget's network (third stop): trained as the check trains it (its data and generator) with
    /// <paramref name="steps"/>, its loss in <paramref name="bands"/> bands of t on the check's rows (the loss rows of
    /// generator 9, band rows of 12, order of 13), seeds <paramref name="from"/> … <paramref name="to"/>.
    /// </summary>
    [TestCase("Correct", 1, 20)]
    [TestCase("reference-heidelberg", 1, 20)]
    [TestCase("few-noise-levels", 1, 20)]
    [TestCase("upper-half", 1, 20)]
    [TestCase("four-levels", 1, 20)]
    public void V_smaller_profile(string trainer, int from, int to)
    {
        var training = Trainer(trainer);
        var schedule = V.Design.Schedule();
        var call = new HandinCall(V.Id, V.SheetRef);
        for (var seed = (ulong)from; seed <= (ulong)to; seed++)
        {
            var context = Context(training, V.Id, seed);
            var train = HeidelbergToyData.V(context.NewGenerator(1));
            var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
            foreach (var steps in new[] { 100, 120 })
            {
                var network = training.Train(train.Data, schedule, steps, context.NewGenerator(4));
                NoiseBandProfile.Measure(call, network, schedule, lossPoints, 10, context.NewGenerator(9), context.NewGenerator(12), context.NewGenerator(13), out var loss, out var profile)
                    .Should().BeNull();
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"VSMALL\t{trainer}\t{seed}\t{steps}\t{loss:F5}\t{string.Join("\t", profile.Select(p => p.ToString("F5", CultureInfo.InvariantCulture)))}"));
                profile.Should().OnlyContain(p => double.IsFinite(p));
            }
        }
    }

    /// <summary>
    /// The toy-data check's budget response (<see cref="DtuToyDataTrainingQuality.MeasureResponse"/>) with its two smaller
    /// budgets fixed at <paramref name="small"/> and <paramref name="large"/> of the budget (the calibration's worst cases),
    /// seeds 1 … <paramref name="seeds"/>: per seed the six scores, TwoGaussians then Chequerboard (the small budget's
    /// loss, the improvements from the small and from the larger budget).
    /// </summary>
    [TestCase("Correct", 0.04, 0.24, 20)]
    [TestCase("reference-dtu", 0.04, 0.24, 20)]
    public void Toy_response(string trainer, double small, double large, int seeds)
    {
        var training = Trainer(trainer);
        var check = new DtuToyDataTrainingQuality(new DtuToyDataTrainingQuality.Settings(SmallLow: small, SmallHigh: small, LargeLow: large, LargeHigh: large));
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var (failure, response) = check.MeasureResponse(Context(training, check.Id, seed));
            failure.Should().BeNull();
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TOYRESP\t{trainer}\t{small}\t{large}\t{seed}\t{string.Join("\t", response.Select(v => v.ToString("F6", CultureInfo.InvariantCulture)))}"));
        }
    }

    /// <summary>
    /// The toy-data check's training on each data set at the full budget and at the fractions, every network's loss in
    /// <paramref name="bands"/> bands of t on the same noised points (common random numbers).
    /// </summary>
    [TestCase("Correct", 10, 20)]
    [TestCase("reference-dtu", 10, 10)]
    public void Toy_improvement_curve(string trainer, int bands, int seeds)
    {
        double[] fractions = [0.002, 0.005, 0.01, 0.02, 0.05, 0.2];
        var training = Trainer(trainer);
        var schedule = Toy.Design.Schedule();
        var call = new HandinCall(Toy.Id, Toy.SheetRef);
        var laws = new (string Name, IToyDistribution Law)[] { ("TwoGaussians", DtuToyData.TwoGaussians()), ("Chequerboard", DtuToyData.Chequerboard()) };
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            var context = Context(training, Toy.Id, seed);
            for (var k = 0; k < laws.Length; k++)
            {
                var salt = 16UL * (ulong)(k + 1);
                var data = DtuToyData.TrainingData(laws[k].Law, Toy.Design.TrainingPoints, context.NewGenerator(salt + 1));
                var lossPoints = DtuToyData.TrainingData(laws[k].Law, 20_000, context.NewGenerator(salt + 6));
                foreach (var steps in fractions.Select(f => Math.Max(1, (int)Math.Round(f * Toy.Design.Steps))).Append(Toy.Design.Steps))
                {
                    var network = training.Train(data.clone(), schedule, steps, context.NewGenerator(salt + 3));
                    NoiseBandProfile.Measure(call, network, schedule, lossPoints, bands, context.NewGenerator(salt + 7), context.NewGenerator(salt + 8), context.NewGenerator(salt + 9), out var loss, out var profile)
                        .Should().BeNull();
                    TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TOY\t{trainer}\t{laws[k].Name}\t{seed}\t{steps}\t{loss:F6}\t{string.Join("\t", profile.Select(p => p.ToString("F6", CultureInfo.InvariantCulture)))}"));
                }
            }
        }
    }
}
