using System.Globalization;
using System.Text;
using Grader.Figures;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;
using Grader.Reference.Flows.Figures;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Demo;

/// <summary>
/// Heidelberg MLPh sheet 10, exercise 2 "Event Generation with Invertible Neural Networks", (c) and (d), end to end: the
/// Drell–Yan events (the sheet's files with <c>--data</c>, else look-alikes), the improved preprocessing of sheet 9,
/// the notebook's INN trained by maximum likelihood, generated events over the true ones, and the 10 % of test events
/// with the largest likelihoods. Writes SVG figures, <c>index.html</c> and <c>metrics.txt</c>.
/// </summary>
public sealed class HeidelbergExerciseTwo(DemoOptions options, TextWriter log)
{
    /// <summary>Look-alike events generated when no <c>--data</c> is given.</summary>
    public const int TrainingEvents = 200_000, TestEvents = 50_000, ValidationEvents = 50_000;

    /// <summary>The fraction of (d).</summary>
    public const double TopFraction = 0.1;

    private DemoOutput _output = null!;

    public void Run()
    {
        _output = new DemoOutput(options.OutputDirectory, log);
        Log($"Heidelberg MLPh sheet 10, exercise 2: event generation with an INN (seed {options.Seed}, output {_output.Folder})");

        var data = LoadOrGenerate();
        Log($"data: {data.Source}; training {data.Training.size(0)}, test {data.Test.size(0)}, validation {data.Validation.size(0)} events");
        var pre = ImprovedPreprocessing.Fit(data.Training);
        Log($"preprocessing (sheet 9, ex. 3): mean {Fmt(pre.Mean)}, std {Fmt(pre.Std)} of (ln(pT₁ − 10), artanh(η₁/2.50001), artanh(η₂/2.50001))");
        var train = pre.Apply(data.Training);
        var test = pre.Apply(data.Test);

        // (c) Construct and train the INN.
        var settings = InnSettings.Notebook;
        var inn = new Inn(settings, Gen(1));
        int steps = options.TrainSteps ?? InnTrainer.GradingSteps;
        Log($"INN: {settings.Blocks} AllInOneBlocks, subnet 3 → {settings.HiddenWidth} → ReLU → out, clamp {settings.Clamp.ToString(CultureInfo.InvariantCulture)}, "
            + $"{settings.Permutation.ToString().ToLowerInvariant()} permutation; {inn.parameters().Sum(p => p.numel())} parameters");
        Log($"training: {steps} Adam steps, lr {settings.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {settings.BatchSize}, loss mean(½‖z‖² − log|det J|)/3");
        double before = HeldOutNll(inn, test);
        var result = InnTrainer.Train(inn, train, steps, Gen(2),
            p => Log(string.Create(CultureInfo.InvariantCulture, $"  step {p.Step,6}/{p.Steps}  running loss {p.RunningLoss:0.0000}  ({p.Elapsed.TotalSeconds:0.0} s training)")),
            progressEvery: Math.Max(1, steps / 10));
        double after = HeldOutNll(inn, test);
        Log(string.Create(CultureInfo.InvariantCulture, $"training: done in {result.Elapsed.TotalSeconds:0.0} s; held-out NLL per event {before:0.0000} → {after:0.0000} (preprocessed space)"));
        SaveLossCurve(result.Losses);

        var latentEvents = _output.Timed($"sampling {data.Test.size(0)} events", () => inn.Sample(data.Test.size(0), Gen(3)));
        var generated = pre.Invert(latentEvents, Gen(4));
        const string c = "(c) generated events";
        _output.Save(c, "c_generated_over_true.svg",
            EventHistogramsFigure.GeneratedOverTrue(data.Test, generated, "(c) INN-generated events (orange) over the test events (grey)"),
            "Sheet 10, ex. 2(c): pT, η, φ and mass of both muons and mass, pT, rapidity and φ of the pair, generated (after the inverse preprocessing) over the true test events; 50 bins, density-normalised.");

        // (d) Likelihoods and the 10 % most likely events.
        Tensor logLikelihood;
        using (no_grad()) logLikelihood = inn.LogLikelihood(test);
        var rows = LikelihoodSelection.MostLikely(logLikelihood, TopFraction);
        var top = data.Test.index_select(0, rows);
        _output.Save("(d) the 10 % most likely events", "d_most_likely.svg",
            EventHistogramsFigure.MostLikely(data.Test, top, TopFraction, "(d) The 10 % test events with the largest likelihoods (red) over all test events (grey)"),
            $"Sheet 10, ex. 2(d): the {rows.Length} test events with the largest INN likelihood (in preprocessed space) over all {data.Test.size(0)} test events.");

        var metrics = Metrics(data, generated, top, before, after, result.Losses, steps);
        _output.WriteText("metrics.txt", metrics);
        _output.WriteText("index.html", _output.Index.ToHtml("Heidelberg MLPh sheet 10, exercise 2: event generation with INNs",
            $"Reference solution (the Grader demo): {data.Source}; the notebook's INN ({settings.Blocks} AllInOneBlocks), {steps} training steps, seed {options.Seed}.", metrics));
        _output.LogWritten();
    }

    private DrellYanDataSet LoadOrGenerate()
    {
        if (options.DataDirectory is string folder)
        {
            try
            {
                return _output.Timed($"reading {folder}", () => DrellYanDataSet.Load(folder));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new DemoUsageException($"--data: {e.Message}");
            }
        }
        return _output.Timed("generating look-alike events", () => DrellYanDataSet.Generate(Gen(0), TrainingEvents, TestEvents, ValidationEvents));
    }

    private static double HeldOutNll(Inn inn, Tensor features)
    {
        using var _ = no_grad();
        return inn.NegativeLogLikelihood(features).mean().item();
    }

    private void SaveLossCurve(float[] losses)
    {
        int window = Math.Clamp(losses.Length / 20, 1, 100);
        var xs = new List<double>();
        var ys = new List<double>();
        double sum = 0;
        for (int i = 0; i < losses.Length; i++)
        {
            sum += losses[i];
            if (i >= window) sum -= losses[i - window];
            if (i + 1 >= window) { xs.Add(i + 1); ys.Add(sum / window); }
        }
        var fig = new Figure { Title = $"Training loss mean(½‖z‖² − log|det J|)/3, running mean of {window} steps", PanelWidth = 520, PanelHeight = 260 };
        fig[0].Line(xs.ToArray(), ys.ToArray(), Palette.Blue).SetLabels(null, "Adam step", "loss");
        _output.Save("(c) training", "c_training_loss.svg", fig, "Sheet 10, ex. 2(c), \"construct and train an INN\": the loss curve of this run.");
    }

    private string Metrics(DrellYanDataSet data, Tensor generated, Tensor top, double before, double after, float[] losses, int steps)
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        Line("Heidelberg MLPh sheet 10, exercise 2: the INN on the Drell–Yan events");
        Line($"seed {options.Seed}; data: {data.Source}");
        Line(string.Create(CultureInfo.InvariantCulture, $"held-out NLL per test event (preprocessed space, nats): {before:0.0000} at initialisation, {after:0.0000} after {steps} steps (last-100-step training loss {losses.TakeLast(100).DefaultIfEmpty().Average(l => (double)l):0.0000})"));
        Line("");
        Line("total variation between 50-bin histograms (0: identical, 1: disjoint); the noise floor is test against validation events");
        Line("(the muon masses differ by construction: the sheet's inverse preprocessing puts muons on the 0.105 GeV shell, the events' muons are massless)");
        Line(string.Create(CultureInfo.InvariantCulture, $"{"observable",-26} {"generated vs test",18} {"validation vs test",19} {"10 % most likely vs all",24}"));
        foreach (var o in EventObservable.All)
        {
            var t = o.Of(data.Test);
            if (t.Max() - t.Min() <= 1e-9 * Math.Max(1, Math.Abs(t.Max()))) continue;
            var h = Histogram.Of(t, o.Min, o.Max, 50);
            double Tv(Tensor events) => Histogram.TotalVariation(Histogram.Of(o.Of(events), o.Min, o.Max, 50), h);
            Line(string.Create(CultureInfo.InvariantCulture, $"{o.Label,-26} {Tv(generated),18:0.0000} {Tv(data.Validation),19:0.0000} {Tv(top),24:0.0000}"));
        }
        return sb.ToString();
    }

    /// <summary>An independent generator per purpose, so changing one step (e.g. the training budget) leaves the other draws alone.</summary>
    private Generator Gen(int stream) => new(unchecked((ulong)options.Seed * 1_000_003UL + 100 + (ulong)stream));

    private void Log(string message) => _output.Log(message);

    private static string Fmt(IEnumerable<double> values) =>
        string.Join(", ", values.Select(x => x.ToString("0.####", CultureInfo.InvariantCulture)));
}
