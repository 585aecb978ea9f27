using System.Globalization;
using System.Text;
using Grader.Metrics;
using Grader.Figures;
using Grader.Reference.Data;
using Grader.Reference.Diffusion;
using Grader.Reference.Diffusion.Figures;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Demo;

/// <summary>
/// Heidelberg MLPh sheet 10, exercise 1 "Hands-on Diffusion Models", end to end: the V data set, the notebook's
/// ε-network (stored weights or trained here), (a) true-vs-predicted noise and 1000 DDPM samples (σ² = β̃) with their
/// reverse trajectory, (b) the latent interpolation (−1, 2) → (−1, −2) through DDPM, (c) the same with identical
/// noise, (d) DDIM (η = 0) on the 1000 samples and on the interpolation, (e) (b)–(d) for (−2, 0) → (2, 0).
/// Writes SVG figures, <c>index.html</c> and <c>metrics.txt</c>.
/// </summary>
public sealed class HeidelbergExerciseOne(DemoOptions options, TextWriter log)
{
    /// <summary>The stored weights, relative to the repository root.</summary>
    public const string WeightsPath = "fixtures/models/heidelberg-v.safetensors";

    public const int SampleCount = 1000;
    public const int NoiseBatch = 2000;
    public const int HeldOutCount = 4000;
    public const int ProgressEvery = 500;

    private DemoOutput _output = null!;

    public void Run()
    {
        _output = new DemoOutput(options.OutputDirectory, log);
        Log($"Heidelberg MLPh sheet 10, exercise 1: hands-on diffusion models (seed {options.Seed}, output {_output.Folder})");

        // Data: the V (8000 points, standardised) and an independent held-out draw in the same coordinates.
        var v = HeidelbergToyData.V(Gen(0));
        var heldOut = v.Standardisation.Apply(HeidelbergToyData.V(Gen(1)).Raw).index_select(0, Stride(2 * HeidelbergToyData.VPointsPerArm, HeldOutCount));
        Log($"data: V, {v.Count} points, standardised (mean {Fmt(v.Standardisation.Mean)}, std {Fmt(v.Standardisation.Std)}); held out: {HeldOutCount} points of a second draw");

        var preset = TrainingPreset.Heidelberg;
        var schedule = preset.Schedule;
        var network = new HeidelbergEpsilonNetwork(Gen(2));
        var loss = LoadOrTrain(network, v.Data);
        if (loss is not null) SaveLossCurve(loss);

        // (a) True versus predicted noise on a fresh batch.
        var g = Gen(3);
        var rows = Enumerable.Range(0, NoiseBatch).Select(_ => (int)g.NextInt(0, v.Count)).ToArray();
        var x0 = v.Data.index_select(0, rows);
        var t = Enumerable.Range(0, NoiseBatch).Select(_ => (int)g.NextInt(0, schedule.T)).ToArray();
        var eps = randn([NoiseBatch, 2], g);
        Tensor epsHat;
        using (no_grad()) epsHat = network.Predict(new ForwardProcess(schedule).Sample(x0, t, eps), t);
        var noiseMse = (epsHat - eps).pow(2).mean().item();
        Save("(a) noise prediction and sampling", "a_noise_prediction.svg",
            NoisePredictionFigure.Create(eps, epsHat, t, $"(a) True versus predicted noise on {NoiseBatch} fresh (x₀, t, ε), coloured by t"),
            "Sheet 10, ex. 1(a): true versus predicted noise for each of the two data dimensions, coloured by the time step t; dashed: y = x.");

        // (a) 1000 samples with the notebook's DDPM (σ² = β̃), reverse trajectory as four frames and as a video.
        var latents = randn([SampleCount, 2], Gen(4));
        var ddpm = new Ddpm(schedule, ReverseVariance.BetaTilde);
        var ddpmTrajectory = Timed("DDPM (σ² = β̃) on 1000 latents", () => ddpm.Trajectory(network, latents, StepNoise.From(Gen(5))));
        var ddpmSamples = ddpmTrajectory.select(0, schedule.T);
        Save("(a) noise prediction and sampling", "a_ddpm_frames.svg",
            TrajectoryFramesFigure.Create(ddpmTrajectory, v.Data, "(a) DDPM reverse process, 1000 points: first, two intermediate and last frame"),
            "Sheet 10, ex. 1(a): first, two intermediate and last frame of the DDPM (σ² = β̃) reverse trajectory of 1000 points, over the V data (grey).");
        Save("(a) noise prediction and sampling", "a_ddpm_animation.svg",
            TrajectoryAnimation.Create(ddpmTrajectory, v.Data, "(a) DDPM reverse process of 1000 points (animated)"),
            "Sheet 10, ex. 1(a): the backward trajectory as a video (animated SVG, loops).");
        Save("(a) noise prediction and sampling", "a_ddpm_samples.svg",
            SamplesOverDataFigure.Create(ddpmSamples, v.Data, title: "(a) 1000 DDPM samples over the V data", samplesLabel: "DDPM samples"),
            "Sheet 10, ex. 1(a): the 1000 DDPM samples (last frame) over the training data.");

        // (b)–(d) on the segment (−1, 2) → (−1, −2), (e) on (−2, 0) → (2, 0).
        var sameNoise = new SameNoiseSampler(ddpm);
        var ddim = new Ddim(schedule, eta: 0);
        var runsB = Interpolations("b", LatentInterpolation.SegmentB, network, ddpm, sameNoise, ddim, v.Data, streams: 10);

        // (d) DDIM on the 1000 latents of (a).
        var ddimTrajectory = Timed("DDIM (η = 0) on the same 1000 latents", () => ddim.Trajectory(network, latents, StepNoise.None));
        var ddimSamples = ddimTrajectory.select(0, schedule.T);
        const string d = "(d) DDIM";
        Save(d, "d_ddim_frames.svg",
            TrajectoryFramesFigure.Create(ddimTrajectory, v.Data, "(d) DDIM (η = 0) reverse process from the latents of (a)", color: Palette.Green),
            "Sheet 10, ex. 1(d): DDIM (η = 0, deterministic) reverse process of the same 1000 latents as (a): first, two intermediate and last frame.");
        Save(d, "d_ddim_animation.svg",
            TrajectoryAnimation.Create(ddimTrajectory, v.Data, "(d) DDIM (η = 0) reverse process of 1000 points (animated)", color: Palette.Green),
            "Sheet 10, ex. 1(d): the DDIM backward trajectory as a video: the paths are smooth, no noise is added.");
        Save(d, "d_ddim_samples.svg",
            SamplesOverDataFigure.Create(ddimSamples, v.Data, title: "(d) 1000 DDIM samples over the V data", samplesLabel: "DDIM samples"),
            "Sheet 10, ex. 1(d): the 1000 DDIM samples over the training data (compare with the DDPM samples of (a)).");
        Save(d, "d_interpolation_comparison.svg",
            InterpolationPathsFigure.Compare(runsB, v.Data, "(d) Interpolation (−1, 2) → (−1, −2): samples by method"),
            "Sheet 10, ex. 1(d): the interpolation of (b) after DDPM (b), DDPM with identical noise (c) and DDIM (d), side by side.");

        var runsE = Interpolations("e", LatentInterpolation.SegmentE, network, ddpm, sameNoise, ddim, v.Data, streams: 20);
        Save("(e) interpolation (−2, 0) → (2, 0)", "e_interpolation_comparison.svg",
            InterpolationPathsFigure.Compare(runsE, v.Data, "(e) Interpolation (−2, 0) → (2, 0): samples by method"),
            "Sheet 10, ex. 1(e): the interpolation (−2, 0) → (2, 0) after DDPM, identical noise and DDIM, side by side.");

        var metrics = Metrics(heldOut, ddpmSamples, ddimSamples, latents, noiseMse, loss);
        WriteText("metrics.txt", metrics);
        WriteText("index.html", _output.Index.ToHtml("Heidelberg MLPh sheet 10, exercise 1: hands-on diffusion models",
            $"Reference solution (the Grader demo): the notebook's ε-network on the V data set, T = {schedule.T}, "
            + $"linear β from 1e-4 to 0.02, seed {options.Seed}. The animated figures play in the browser.", metrics));

        _output.LogWritten();
    }

    /// <summary>(b)/(e): the interpolation through DDPM, DDPM with identical noise (c) and DDIM (d), frames and video for each.</summary>
    private List<(string Label, Tensor Trajectory)> Interpolations(string task, (double[] From, double[] To) segment, IEpsilonModel model,
        Ddpm ddpm, SameNoiseSampler sameNoise, Ddim ddim, Tensor data, int streams)
    {
        var line = $"({Fmt(segment.From)}) → ({Fmt(segment.To)})";
        var e = task == "e";
        var runs = new List<(string Label, Tensor Trajectory)>();
        foreach (var (key, name, sampler, noise, sheet) in new (string, string, ReverseSampler, StepNoise, string)[]
        {
            ("ddpm", "DDPM", ddpm, StepNoise.From(Gen(streams)), e ? "1(e) with (b)" : "1(b)"),
            ("same_noise", "DDPM, identical noise", sameNoise, StepNoise.From(Gen(streams + 1)), e ? "1(e) with (c)" : "1(c)"),
            ("ddim", "DDIM (η = 0)", ddim, StepNoise.None, e ? "1(e) with (d)" : "1(d)"),
        })
        {
            var trajectory = Timed($"interpolation {line}, {LatentInterpolation.SheetPoints} points, {name}",
                () => LatentInterpolation.Run(sampler, model, segment.From, segment.To, noise));
            runs.Add((name, trajectory));
            var section = e ? "(e) interpolation (−2, 0) → (2, 0)" : key switch
            {
                "ddpm" => "(b) interpolation (−1, 2) → (−1, −2) through DDPM",
                "same_noise" => "(c) the same with identical noise",
                _ => "(d) DDIM",
            };
            var label = e ? "(e)" : key switch { "ddpm" => "(b)", "same_noise" => "(c)", _ => "(d)" };
            var prefix = e ? "e" : label[1..2];
            Save(section, $"{prefix}_interpolation_{key}_frames.svg",
                InterpolationPathsFigure.Create(trajectory, data, $"{label} Interpolation {line} through {name}: neighbours joined"),
                $"Sheet 10, ex. {sheet}: {LatentInterpolation.SheetPoints} latents on the line {line} through {name}; neighbouring points joined, coloured by index.");
            Save(section, $"{prefix}_interpolation_{key}_animation.svg",
                InterpolationPathsFigure.Animation(trajectory, data, $"{label} Interpolation {line} through {name} (animated)"),
                $"Sheet 10, ex. {sheet}: the same interpolation as a video, points coloured by their index along the latent line.");
        }
        return runs;
    }

    /// <summary>Loads the stored weights unless --train-steps is given or they are missing; else trains. Returns the loss curve when trained.</summary>
    private float[]? LoadOrTrain(HeidelbergEpsilonNetwork network, Tensor data)
    {
        var root = RepositoryRoot.Find();
        var weights = root is null ? null : Path.Combine(root, WeightsPath);
        if (options.TrainSteps is null && weights is not null && File.Exists(weights))
        {
            try
            {
                network.load(weights);
                Log($"ε-network: loaded {WeightsPath} ({network.parameters().Sum(p => p.numel())} parameters)");
                return null;
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
            {
                Log($"ε-network: {WeightsPath} does not fit the network ({ex.Message}); training instead");
            }
        }
        else if (options.TrainSteps is null)
        {
            Log(root is null
                ? $"ε-network: no repository (no {RepositoryRoot.SolutionFile} above this folder), so no stored weights; training with the grading budget"
                : $"ε-network: {WeightsPath} not found; training with the grading budget");
        }

        var preset = options.TrainSteps is int steps
            ? TrainingPreset.Heidelberg with { Name = $"heidelberg, {steps} steps", Steps = steps }
            : TrainingPreset.HeidelbergGrading;
        Log($"training: preset '{preset.Name}', {preset.Steps} Adam steps, batch {preset.BatchSize}, lr {preset.LearningRate.ToString(CultureInfo.InvariantCulture)}, MSE on ε");
        var result = Trainer.Train(network, network.parameters(), data, preset, Gen(6),
            p => Log(string.Create(CultureInfo.InvariantCulture,
                $"  step {p.Step,6}/{p.Steps}  running loss {p.RunningLoss:0.0000}  ({p.Elapsed.TotalSeconds:0.0} s training)")),
            ProgressEvery);
        Log(string.Create(CultureInfo.InvariantCulture, $"training: done in {result.Elapsed.TotalSeconds:0.0} s, loss over the last 500 steps {result.FinalLoss(500):0.0000}"));
        return result.Losses;
    }

    private void SaveLossCurve(float[] losses)
    {
        const int window = 100;
        var xs = new List<double>();
        var ys = new List<double>();
        double sum = 0;
        for (var i = 0; i < losses.Length; i++)
        {
            sum += losses[i];
            if (i >= window) sum -= losses[i - window];
            if (i + 1 >= Math.Min(window, losses.Length) && (i % 10 == 9 || i == losses.Length - 1))
            {
                xs.Add(i + 1);
                ys.Add(sum / Math.Min(window, i + 1));
            }
        }
        var fig = new Figure { Title = "Training loss (MSE on ε, running mean of 100 steps)", PanelWidth = 520, PanelHeight = 260 };
        fig[0].Line(xs.ToArray(), ys.ToArray(), Palette.Blue).SetLabels(null, "Adam step", "loss");
        Save("Training", "training_loss.svg", fig, "Sheet 10, ex. 1(a), \"train the model on the V dataset\": the loss curve of this run.");
    }

    private string Metrics(Tensor heldOut, Tensor ddpmSamples, Tensor ddimSamples, Tensor latents, double noiseMse, float[]? loss)
    {
        var reference = Matrix(heldOut);
        var fresh = Matrix(FreshV());
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        Line("Heidelberg MLPh sheet 10, exercise 1: sample quality of the 1000 samples against held-out V data");
        Line(string.Create(CultureInfo.InvariantCulture, $"seed {options.Seed}; held-out: {HeldOutCount} points of an independent V draw, standardised like the training set"));
        Line("energy distance: unbiased U-statistic of the squared energy distance (Grader.Metrics.EnergyDistance)");
        Line("MMD²: unbiased, Gaussian kernel, pooled median-heuristic bandwidth (Grader.Metrics.Mmd)");
        Line("both are 0 in expectation when the samples come from the data distribution; smaller is better");
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"{"sample set (1000 points)",-44} {"energy distance",16} {"MMD²",12}"));
        foreach (var (name, x) in new[]
        {
            ("DDPM, σ² = β̃ (a)", Matrix(ddpmSamples)),
            ("DDIM, η = 0 (d)", Matrix(ddimSamples)),
            ("reference: fresh V data (ideal sampler)", fresh),
            ("reference: the latents N(0, I) (no model)", Matrix(latents)),
        })
        {
            var finite = Finite(x);
            var energy = finite ? EnergyDistance.UnbiasedSquared(x, reference) : double.NaN;
            var mmd = finite ? Mmd.UnbiasedSquared(x, reference) : double.NaN;
            Line(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {energy,16:0.00000} {mmd,12:0.00000}"));
        }
        Line("");
        Line(string.Create(CultureInfo.InvariantCulture, $"noise prediction, (a): MSE(ε̂, ε) on {NoiseBatch} fresh (x₀, t, ε) = {noiseMse:0.0000}"));
        if (loss is not null)
            Line(string.Create(CultureInfo.InvariantCulture, $"training: {loss.Length} steps, mean loss over the last 500 = {loss.TakeLast(500).Average(l => (double)l):0.0000}"));
        else
            Line($"network: stored weights {WeightsPath}");
        return sb.ToString();

        Tensor FreshV() => HeidelbergToyData.V(Gen(7)).Data.index_select(0, Stride(2 * HeidelbergToyData.VPointsPerArm, SampleCount));
    }

    private static bool Finite(double[,] x)
    {
        foreach (var v in x)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    private static double[,] Matrix(Tensor x)
    {
        int n = x.size(0), d = x.size(1);
        var flat = x.detach().ToArray();
        var m = new double[n, d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) m[i, j] = flat[i * d + j];
        return m;
    }

    /// <summary><paramref name="count"/> evenly spaced row indices of <paramref name="n"/> (both V arms are represented).</summary>
    private static int[] Stride(int n, int count) => Enumerable.Range(0, count).Select(k => (int)((long)k * n / count)).ToArray();

    /// <summary>An independent generator per purpose, so changing one step (e.g. the training budget) leaves the other draws alone.</summary>
    private Generator Gen(int stream) => new(unchecked((ulong)options.Seed * 1_000_003UL + (ulong)stream));

    private T Timed<T>(string what, Func<T> f) => _output.Timed(what, f);

    private void Save(string section, string file, Figure figure, string caption) => _output.Save(section, file, figure, caption);

    private void WriteText(string file, string text) => _output.WriteText(file, text);

    private void Log(string message) => _output.Log(message);

    private static string Fmt(IEnumerable<double> values) =>
        string.Join(", ", values.Select(x => x.ToString("0.###", CultureInfo.InvariantCulture)));
}
