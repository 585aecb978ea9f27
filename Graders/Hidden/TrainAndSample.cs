using System.Diagnostics;
using Grader.Checks.Diffusion;
using Grader.Checks.Metrics;
using Grader.Checks.Results;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden;

/// <summary>
/// The two halves of a training-quality check: the hand-in trains (its own code, through <see cref="HandinCall"/>),
/// then the REFERENCE sampler draws from the returned network, so a sampler bug of the hand-in never costs training
/// points. Both steps report failures as the check's result.
/// </summary>
internal static class TrainAndSample
{
    /// <summary>Calls <c>Train</c> and checks it returned a network.</summary>
    public static CheckResult? Train(HandinCall call, IDiffusionTraining training, string dataName, Tensor data, NoiseSchedule schedule, int steps, Generator generator,
        out IEpsilonNetwork network, out TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        var what = $"Train({dataName} [{data.size(0)}, {data.size(1)}], T = {schedule.T}, steps = {steps}, generator)";
        var failed = call.Run(what, () => training.Train(data, schedule, steps, generator), out network);
        elapsed = clock.Elapsed;
        if (failed is not null) return failed;
        return network is null ? call.Fail($"{what} returned null; it must return the trained ε-network.") : null;
    }

    /// <summary>
    /// Draws <paramref name="count"/> samples with the reference's DDPM (<paramref name="variance"/>) from the hand-in's
    /// network, fed t/T as [N, 1] (the contract's convention for a trained network), latents and noise from
    /// <paramref name="generator"/>.
    /// </summary>
    public static CheckResult? Sample(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, ReverseVariance variance, int count, int dim, Generator generator,
        out double[,] samples, out TimeSpan elapsed)
    {
        var clock = Stopwatch.StartNew();
        samples = new double[0, 0];
        var sampler = new Ddpm(BetaSchedule.FromBetas(schedule.Betas), variance);
        var latents = randn([count, dim], generator);
        var model = NormalisedTime.Of(network, schedule.T);
        var what = $"the reference sampler (σ_t² = {(variance == ReverseVariance.Beta ? "β_t" : "β̃_t")}, T = {schedule.T}) drawing {count} samples from the trained network";
        var failed = call.Run(what, () => sampler.Sample(model, latents, StepNoise.From(generator)), out var x);
        elapsed = clock.Elapsed;
        if ((failed ?? call.Tensor(what, x, [count, dim], $"the network must return ε̂ of the shape of z_t, [{count}, {dim}]")) is { } bad) return bad;
        samples = ToMatrix(x);
        return null;
    }

    /// <summary>MMD²_u (median heuristic) and the U-statistic energy distance of the samples against held-out data.</summary>
    public static (double Mmd, double Energy) Distances(double[,] samples, double[,] heldOut) =>
        (Mmd.UnbiasedSquared(samples, heldOut), EnergyDistance.UnbiasedSquared(samples, heldOut));

    public static double[,] ToMatrix(Tensor x)
    {
        var flat = x.contiguous().ToDoubleArray();
        var m = new double[x.size(0), x.size(1)];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(double));
        return m;
    }
}
