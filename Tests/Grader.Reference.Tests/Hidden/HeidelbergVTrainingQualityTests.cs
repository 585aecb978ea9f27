using System.Diagnostics;
using FluentAssertions;
using Grader.Checks.Hidden;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Reference.Tests.Hidden.TrainingQualityTestSupport;
using static Grader.Tensors.torch;

namespace Grader.Reference.Tests.Hidden;

public sealed class HeidelbergVTrainingQualityTests
{
    private static readonly HeidelbergVTrainingQuality Check = new();

    [Test]
    public void The_reference_training_passes()
    {
        var clock = Stopwatch.StartNew();
        var result = Check.Run(Context(ReferenceTraining.Heidelberg, Check.Id, 1));
        TestContext.Out.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {result.Message}");
        result.Outcome.Should().Be(CheckOutcome.Passed, result.Message);
        result.Message.Should().StartWith("The trained network gives samples close to the V");
    }

    [Test]
    public void An_untrained_network_fails()
    {
        var result = Check.Run(Context(new FixedSteps(ReferenceTraining.Heidelberg, 0), Check.Id, 1));
        TestContext.Out.WriteLine(result.Message);
        result.Outcome.Should().Be(CheckOutcome.Failed);
        result.Message.Should().StartWith("Samples from the trained network are too far from the V").And.Contain("MMD² = ");
    }

    /// <summary>Controls without any sampler: an independent V passes (the metrics' null), the latent N(0, I) fails.</summary>
    [Test]
    public void Sampler_free_controls()
    {
        var train = HeidelbergToyData.V(new Generator(5));
        var heldOut = Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(6)).Raw), 2000, 7);
        var data = Check.Score(train.Standardisation, Subset(train.Standardisation.Apply(HeidelbergToyData.V(new Generator(8)).Raw), 2000, 9), heldOut);
        var noise = Check.Score(train.Standardisation, Matrix(randn([2000, 2], new Generator(10))), heldOut);
        TestContext.Out.WriteLine($"data: {data}; N(0, I): {noise}");
        Check.Verdict(data).Outcome.Should().Be(CheckOutcome.Passed);
        Check.Verdict(noise).Outcome.Should().Be(CheckOutcome.Failed);
    }

    /// <summary>The calibration of the thresholds over 20 grading seeds (reference trainer and the Correct example); recorded in the XML doc.</summary>
    [Test]
    [Explicit("Trains 2 × 20 networks, several minutes")]
    public void Calibrate_on_the_reference_over_20_seeds()
    {
        foreach (var (name, training) in new (string, IDiffusionTraining)[] { ("reference", ReferenceTraining.Heidelberg), ("Correct example", Example("Correct")) })
        {
            var scores = new List<HeidelbergVTrainingQuality.VScores>();
            for (ulong seed = 1; seed <= 20; seed++)
            {
                var (failure, s) = Check.Measure(Context(training, Check.Id, seed));
                failure.Should().BeNull(failure?.Message);
                scores.Add(s!);
                TestContext.Progress.WriteLine($"{name} seed {seed}: {s}");
            }

            TestContext.Out.WriteLine($"== {name}, {Check.Design.Steps} steps, 20 seeds");
            TestContext.Out.WriteLine(Row("MMD²", scores.Select(r => r.Mmd).ToList()));
            TestContext.Out.WriteLine(Row("energy²", scores.Select(r => r.Energy).ToList()));
            TestContext.Out.WriteLine(Row("on the V", scores.Select(r => r.OnV).ToList(), lowerIsWorse: true));
            TestContext.Out.WriteLine($"train time: mean {scores.Average(r => r.TrainTime.TotalSeconds):F1} s, sample time {scores.Average(r => r.SampleTime.TotalSeconds):F1} s");
        }
    }

    /// <summary>The power controls on 5 seeds each (recorded in the XML doc).</summary>
    [Test]
    [Explicit("Trains 5 × 3 networks, a few minutes")]
    public void Power_controls()
    {
        var cases = new (string Name, IDiffusionTraining Training, bool Passes)[]
        {
            ("untrained (0 steps)", new FixedSteps(ReferenceTraining.Heidelberg, 0), false),
            ("trained on t/T, sampled with the raw t", ReferenceTraining.Heidelberg.WithTimeInput(ReferenceTraining.TrainingTime.RawIndex), false),
            ("mutant training-target-x0", Example("Mutants/training-target-x0"), false),
            ("Correct example", Example("Correct"), true),
        };
        foreach (var (name, training, passes) in cases)
        {
            for (ulong seed = 101; seed <= 105; seed++)
            {
                var (failure, scores) = Check.Measure(Context(training, Check.Id, seed));
                var result = failure ?? Check.Verdict(scores!);
                TestContext.Out.WriteLine($"{name}, seed {seed}: {result.Outcome}: {scores}");
                result.Passed.Should().Be(passes, result.Message);
            }
        }
    }

    private static double[,] Subset(Tensor x, int count, int seed)
    {
        var rows = new Generator(seed).Permutation(x.size(0)).Take(count).ToArray();
        return Matrix(x.index_select(0, rows));
    }

    private static double[,] Matrix(Tensor x)
    {
        var flat = x.contiguous().ToDoubleArray();
        var m = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
