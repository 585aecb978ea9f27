using Grader.Checks.Hidden.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Handin;
using Grader.Remote.Training;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// A measurement, run on purpose (issue 66, step 2's groundwork): the reference's parts trained by the grader's loop
/// (<see cref="GraderTraining"/>) at the V check's budget, sampled from the FRESH network by the reference sampler and
/// scored with the V check's scores, and the processor time of the training (the comparison with the reference's own
/// trainer on the old hand-in-loop contract went with that contract).
/// </summary>
[Explicit("a measurement: about a minute per seed on a loaded 2-core machine")]
public sealed class GraderTrainingVMeasurement
{
    [TestCase(1, 5)]
    public void The_loop_trains_the_reference_to_the_V_checks_bounds(int firstSeed, int seeds)
    {
        var check = new HeidelbergVTrainingQuality();
        var s = check.Design;
        var schedule = s.Schedule();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var train = HeidelbergToyData.V(new Generator((ulong)(100 * seed + 1)));
            var other = HeidelbergToyData.V(new Generator((ulong)(100 * seed + 2)));
            var rows = new Generator((ulong)(100 * seed + 3)).Permutation(other.Count).Take(s.HeldOut).ToArray();
            var heldOut = ToMatrix(train.Standardisation.Apply(other.Raw).index_select(0, rows));

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (trained, failure) = GraderTraining.Run(new ReferenceDiffusionTrainingParts(), () => new ReferenceDiffusionTrainingParts(), train.Data, schedule, s.Steps,
                new Generator((ulong)(100 * seed + 14)), new Generator((ulong)(100 * seed + 4)));
            var loopCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            failure.Should().BeNull();
            var loop = Score(check, train, trained!.Network, schedule, heldOut, seed);

            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"seed {seed}: loop MMD² {loop.Mmd:F5} energy² {loop.Energy:F5} on V {loop.OnV:F4} ({loopCpu.TotalSeconds:F1} s CPU, loss dev {trained.MaxLossDeviation:G2}, grad dev {trained.MaxGradientDeviation:G2})"));
            loop.Mmd.Should().BeLessThan(s.CeilingMmd);
            loop.Energy.Should().BeLessThan(s.CeilingEnergy);
            loop.OnV.Should().BeGreaterThan(s.FloorOnV);
        }
    }

    private static HeidelbergVTrainingQuality.VScores Score(HeidelbergVTrainingQuality check, ToyDataSet train, IEpsilonNetwork network, NoiseSchedule schedule, double[,] heldOut, int seed)
    {
        var g = new Generator((ulong)(100 * seed + 5));
        var sampler = new Ddpm(BetaSchedule.FromBetas(schedule.Betas), ReverseVariance.BetaTilde);
        Tensor x;
        using (no_grad())
            x = sampler.Sample(NormalisedTime.Of(network, schedule.T), randn([check.Design.Samples, 2], g), StepNoise.From(g));
        return check.Score(VLaw.Sheet, train.Standardisation, ToMatrix(x), heldOut);
    }

    private static double[,] ToMatrix(Tensor x)
    {
        var flat = x.contiguous().ToDoubleArray();
        var m = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
