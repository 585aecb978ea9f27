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
        // The edit of the cheat training-few-noise-levels (Submissions/Examples/Diffusion/Cheats), written out here.
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
    /// <remarks>
    /// Seeds 1 … 20 at 100 and 120 steps picked the score (the exploration); seeds 21 … 120 at 110 and 120 steps, the
    /// ends of the drawn budget, calibrate its bounds and measure its power (the measurements file, third stop).
    /// </remarks>
    [TestCase("Correct", 1, 20, 100, 120)]
    [TestCase("reference-heidelberg", 1, 20, 100, 120)]
    [TestCase("few-noise-levels", 1, 20, 100, 120)]
    [TestCase("upper-half", 1, 20, 100, 120)]
    [TestCase("four-levels", 1, 20, 100, 120)]
    [TestCase("Correct", 21, 120, 110, 120)]
    [TestCase("reference-heidelberg", 21, 120, 110, 120)]
    [TestCase("few-noise-levels", 21, 120, 110, 120)]
    [TestCase("upper-half", 21, 120, 110, 120)]
    [TestCase("four-levels", 21, 120, 110, 120)]
    public void V_smaller_profile(string trainer, int from, int to, int fewer, int more)
    {
        var training = Trainer(trainer);
        var schedule = V.Design.Schedule();
        var call = new HandinCall(V.Id, V.SheetRef);
        for (var seed = (ulong)from; seed <= (ulong)to; seed++)
        {
            var context = Context(training, V.Id, seed);
            var train = HeidelbergToyData.V(context.NewGenerator(1));
            var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
            foreach (var steps in new[] { fewer, more })
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
    /// The cost of the third stop's change to the V check per hand-in, side by side in this process (the process's CPU, the
    /// two sides alternating per seed, so the machine's load falls on both alike): the smaller budget's network scored
    /// as main scored it (<see cref="MainsLoss"/>: the 8000 loss rows alone) and as now
    /// (<see cref="NoiseBandProfile.Measure"/>: the same rows and 10 bands of 8000, one call); its training at main's
    /// mean budget (100 steps) and at the new one (115); and, for scale, the whole check (<see cref="HeidelbergVTrainingQuality.Decide"/>)
    /// on seeds 1 … 3. Prints; asserts only that the calls succeeded.
    /// </summary>
    [TestCase("Correct")]
    public void V_smaller_profile_cost(string trainer)
    {
        var training = Trainer(trainer);
        var schedule = V.Design.Schedule();
        var call = new HandinCall(V.Id, V.SheetRef);
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        double mainLoss = 0, newLoss = 0, main100 = 0, new115 = 0;
        const int seeds = 20;
        for (ulong seed = 1; seed <= seeds; seed++)
        {
            var context = Context(training, V.Id, seed);
            var train = HeidelbergToyData.V(context.NewGenerator(1));
            var lossPoints = train.Standardisation.Apply(HeidelbergToyData.V(context.NewGenerator(7)).Raw);
            var start = Cpu();
            training.Train(train.Data, schedule, 100, context.NewGenerator(4));
            main100 += Cpu() - start;
            start = Cpu();
            var network = training.Train(train.Data, schedule, 115, context.NewGenerator(4));
            new115 += Cpu() - start;
            for (var round = 0; round < 5; round++)
            {
                start = Cpu();
                MainsLoss(network, schedule, lossPoints, context.NewGenerator(9)).Should().BeInRange(0, 2);
                mainLoss += Cpu() - start;
                start = Cpu();
                NoiseBandProfile.Measure(call, network, schedule, lossPoints, 10, context.NewGenerator(9), context.NewGenerator(12), context.NewGenerator(13), out _, out _).Should().BeNull();
                newLoss += Cpu() - start;
            }
        }

        var whole = 0.0;
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var start = Cpu();
            V.Decide(Context(training, V.Id, seed)).Result.Passed.Should().BeTrue();
            whole += Cpu() - start;
        }

        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"VCOST\t{trainer}\tper hand-in, process CPU s: smaller network scored as main {mainLoss / (5 * seeds):F4}, as now {newLoss / (5 * seeds):F4}; trained 100 steps {main100 / seeds:F4}, 115 steps {new115 / seeds:F4}; the whole check {whole / 3:F3}"));
    }

    /// <summary>
    /// The smaller network's score as main computed it (the check's <c>TrainAndSample.HeldOutLoss</c>, internal to the
    /// checks, written out): one t ~ U{0..T−1} and ε per row, one call of the network on z_t and t/T.
    /// </summary>
    private static double MainsLoss(IEpsilonNetwork network, NoiseSchedule schedule, Tensor heldOut, Generator generator)
    {
        int n = heldOut.size(0), dim = heldOut.size(1);
        var t = new int[n];
        for (var i = 0; i < n; i++) t[i] = (int)generator.NextInt(0, schedule.T);
        var epsilon = randn([n, dim], generator);
        var zt = new ForwardProcess(BetaSchedule.FromBetas(schedule.Betas)).Sample(heldOut, t, epsilon);
        using var _ = no_grad();
        var epsilonHat = network.Forward(zt, tensor(t.Select(s => (float)s / schedule.T).ToArray(), n, 1));
        var e = epsilon.contiguous().ToDoubleArray();
        var h = epsilonHat.contiguous().ToDoubleArray();
        return e.Zip(h, (a, b) => (a - b) * (a - b)).Average();
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
