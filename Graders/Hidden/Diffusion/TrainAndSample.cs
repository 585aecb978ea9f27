using System.Diagnostics;
using Grader.Checks.Diffusion;
using Grader.Checks.Hidden.Training;
using Grader.Metrics;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;
using Grader.Remote.Channel;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The sampling half of a training-quality check and its scores: the REFERENCE sampler draws from the trained network,
/// so a sampler bug of the hand-in never costs training points; failures are reported as the check's result.
/// </summary>
internal static class TrainAndSample
{
    /// <summary>The training's hidden set-up, for <see cref="CheckResult.TutorDetail"/>: "8000 × 2 points, T = 250, 4000 steps".</summary>
    public static string SetUp(Tensor data, NoiseSchedule schedule, int steps) =>
        $"trained on {data.size(0)} × {data.size(1)} points, T = {schedule.T}, β {schedule.Betas[0]:G3} … {schedule.Betas[^1]:G3}, budget {steps} steps";

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
        var what = $"the reference sampler (σ_t² = {(variance == ReverseVariance.Beta ? "β_t" : "β̃_t")}) drawing samples from the trained network";
        var failed = call.Run(what, () => sampler.Sample(model, latents, StepNoise.From(generator)), out var x);
        elapsed = clock.Elapsed;
        if ((failed ?? call.Tensor(what, x, [count, dim], "the network must return ε̂ of the shape of z_t, [N, d]")) is { } bad)
            return bad.WithTutorDetail($"{count} samples of dimension {dim}, T = {schedule.T}");
        samples = ToMatrix(x);
        return null;
    }

    /// <summary>
    /// The batch size the hand-in's <paramref name="settings"/> give the training (the shape of a training call, which
    /// <see cref="SamplingProbes.Verify"/> gives the kept rows in), or 256 (ddpm.py's) when they give none: the training
    /// itself reports a failing <c>Settings()</c>.
    /// </summary>
    public static int TrainingBatch(HandinCall call, Func<TrainingSettings?> settings)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Run("Settings()", settings, out var chosen) is null && chosen is { BatchSize: > 0 and <= 1 << 16 } ? chosen.BatchSize : 256;
    }

    /// <summary>
    /// The sampling's <paramref name="probes"/> verified (<see cref="SamplingProbes.Verify"/>) on a network holding the
    /// trained values in the training's process (<paramref name="inTraining"/>, a call of the hand-in's
    /// <c>Model</c>), in calls of <paramref name="batch"/> rows: null, or the failure (the training's points).
    /// </summary>
    public static CheckResult? SameFunction(HandinCall call, SamplingProbes probes, Func<IEpsilonNetwork> inTraining, int batch)
    {
        ArgumentNullException.ThrowIfNull(probes);
        return probes.Check(call, "Model(d, T, generator)", inTraining, network => probes.Verify(network, batch));
    }

    /// <summary>Points of each cloud a "samples over the data" plot shows at most.</summary>
    public const int PlottedPoints = 1000;

    /// <summary>Held-out points noised at each step of the true-versus-predicted-noise plot.</summary>
    public const int NoisedPerStep = 100;

    /// <summary>
    /// The "samples over the data" plot: at most <see cref="PlottedPoints"/> held-out points ("held-out data") and as many
    /// samples drawn from the hand-in's network ("samples from your network"), equal aspect.
    /// </summary>
    public static Plot? SamplesOverData(string title, string axis, double[,] samples, double[,] heldOut) =>
        FeedbackPlots.Of(title, $"{axis}₁", $"{axis}₂",
            [
                FeedbackPlots.Rows("held-out data", PlotStyle.Points, heldOut, PlottedPoints),
                FeedbackPlots.Rows("samples from your network", PlotStyle.Points, samples, PlottedPoints),
            ], equalAspect: true);

    /// <summary>
    /// The "true versus predicted noise" plot: the first <see cref="NoisedPerStep"/> held-out points x₀ noised to
    /// z_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε at the code indices t = T/10, T/2 and 9T/10 (ε from <paramref name="generator"/>),
    /// the hand-in's network asked for ε̂(z_t, t/T) in one call; per t a scatter of the true ε (x) against ε̂ (y) in the
    /// first coordinate, and the line y = x. Null when the network throws or returns no usable numbers (the sampling
    /// reports that fault itself).
    /// </summary>
    public static Plot? NoisePrediction(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, double[,] heldOut, Generator generator, string title)
    {
        int T = schedule.T, m = Math.Min(NoisedPerStep, heldOut.GetLength(0)), dim = heldOut.GetLength(1);
        int[] steps = [.. new[] { T / 10, T / 2, 9 * T / 10 }.Distinct()];
        var t = steps.SelectMany(step => Enumerable.Repeat(step, m)).ToArray();
        var x0 = new double[t.Length * dim];
        for (var i = 0; i < t.Length; i++)
            for (var j = 0; j < dim; j++) x0[i * dim + j] = heldOut[i % m, j];
        var epsilon = randn([t.Length, dim], generator);
        var zt = new ForwardProcess(BetaSchedule.FromBetas(schedule.Betas)).Sample(tensor(x0, t.Length, dim), t, epsilon);
        var model = NormalisedTime.Of(network, T);
        Tensor epsilonHat;
        using (no_grad())
        {
            if (call.Run("the trained network on noised held-out points", () => model.Predict(zt, t), out epsilonHat) is not null) return null;
        }

        if (epsilonHat is null || !epsilonHat.shape.SequenceEqual(zt.shape)) return null;
        var e = epsilon.ToArray();
        var h = epsilonHat.ToArray();
        string[] names = ["t = T/10", "t = T/2", "t = 9T/10"];
        var series = steps.Select((step, k) => FeedbackPlots.Series(steps.Length == names.Length ? names[k] : $"step {k + 1}", PlotStyle.Points,
            Enumerable.Range(k * m, m).Select(i => ((double)e[i * dim], (double)h[i * dim])))).ToList();
        return FeedbackPlots.Of(title, "true ε₁", "predicted ε̂₁", [.. series, FeedbackPlots.Diagonal("y = x", series)], equalAspect: false);
    }

    /// <summary>
    /// The held-out denoising loss of Algorithm 1 at the returned network over the steps from
    /// <paramref name="fromStep"/> on: the mean over the rows of <paramref name="heldOut"/> of ‖ε − ε̂(z_t, t/T)‖² / d,
    /// each row with its own t ~ U{fromStep..T−1} and ε ~ N(0, I) from <paramref name="generator"/>,
    /// z_t = √ᾱ_t x + √(1 − ᾱ_t) ε (the reference's forward process), the network asked in one call; the sum in double.
    /// The failure when the network throws or returns anything but finite numbers of the shape of z_t.
    /// </summary>
    public static CheckResult? HeldOutLoss(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, Tensor heldOut, int fromStep, Generator generator, out double loss)
    {
        loss = double.NaN;
        int n = heldOut.size(0), dim = heldOut.size(1);
        var t = new int[n];
        for (var i = 0; i < n; i++) t[i] = (int)generator.NextInt(fromStep, schedule.T);
        var epsilon = randn([n, dim], generator);
        var zt = new ForwardProcess(BetaSchedule.FromBetas(schedule.Betas)).Sample(heldOut, t, epsilon);
        var model = NormalisedTime.Of(network, schedule.T);
        var what = $"the trained network on noised held-out points";
        Tensor epsilonHat;
        using (no_grad())
        {
            if (call.Run(what, () => model.Predict(zt, t), out epsilonHat) is { } failed) return failed;
        }

        if (call.Tensor(what, epsilonHat, [n, dim], "the network must return ε̂ of the shape of z_t, [N, d]") is { } bad) return bad;
        var e = epsilon.contiguous().ToDoubleArray();
        var h = epsilonHat.contiguous().ToDoubleArray();
        var sum = 0.0;
        for (var i = 0; i < e.Length; i++) sum += (e[i] - h[i]) * (e[i] - h[i]);
        loss = sum / e.Length;
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
