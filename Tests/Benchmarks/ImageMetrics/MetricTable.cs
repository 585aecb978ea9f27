using Grader.Metrics.Images;
using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Benchmarks.ImageMetrics;

/// <summary>
/// Each image metric's noise floor and its response to named degradations, as the threshold of a check needs them.
/// </summary>
/// <remarks>
/// <para>
/// Design. The data a check compares against is a sample of n training images (the images the student trains on).
/// Two null rows: n other training images (disjoint), and n test images (held out; what a generator that learnt the
/// law without memorising would give). Each degradation degrades n fresh test images. Both sides' pixels are the DTU
/// transform of the IDX bytes (dequantised with a fixed generator per split). Seeds 1..K draw the subsets and the
/// noise; every cell is the mean ± sd over the K seeds.
/// </para>
/// <para>
/// Claims, asserted (exit 1 when one fails). Per metric, (1) "separates": the smallest value over seeds of the
/// degradation exceeds the largest value over seeds of both null rows, at every n; (2) "z ≥ 3": the degradation's
/// mean exceeds the train-vs-test null's mean by at least 3 of that null's sd, at every n. Fixed before the first run:
/// FD and KD separate blur σ=1, noise σ=0.3, the [0, 1] range and 5 dropped classes, and z ≥ 3 for every
/// degradation. The first run (3 seeds, n = 500) refuted the noise claims, and blur σ=0.5 (z ≈ 0.3): the MLP's
/// features are nearly blind to pixel noise. The claims below are therefore per metric, with the roughness ratio
/// (a pixel statistic) added for noise and blur; see <see cref="Claims"/>.
/// </para>
/// <para>
/// </remarks>
internal static class MetricTable
{
    public const int DefaultSeeds = 10;
    public static readonly int[] DefaultSizes = [500, 1000, 2000];

    /// <summary>Pixel MMD costs O(n² · 784): it is measured at sizes up to this only.</summary>
    public const int PixelMmdLimit = 500;

    private static readonly string[] ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly string[] Metrics = ["FD", "KD", "roughness", "mean image", "pixel MMD"];

    /// <summary>Per degradation, the metrics it must separate from the null and those whose mean must be ≥ 3 null sd away.</summary>
    private static readonly Dictionary<string, (string[] separates, string[] z3)> Claims = new()
    {
        ["blur σ=0.5"] = (["roughness"], ["roughness"]),
        ["blur σ=1"] = (["FD", "KD", "roughness"], ["FD", "KD", "roughness"]),
        ["noise σ=0.1"] = (["roughness"], ["roughness"]),
        ["noise σ=0.3"] = (["roughness"], ["roughness"]),
        ["[0, 1] range"] = (["FD", "KD", "roughness", "mean image"], ["FD", "KD", "roughness", "mean image"]),
        ["drop 1 class"] = ([], ["FD", "KD"]),
        ["drop 5 classes"] = (["FD", "KD", "mean image"], ["FD", "KD", "mean image"]),
    };

    public static int Run(FashionMnistFiles files, int seeds, int[] sizes)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (trainImages, trainLabels) = files.Train();
        var (testImages, testLabels) = files.Test();
        var train = MnistIdx.Dequantise(trainImages, new Generator(1)).ToArray();
        var test = MnistIdx.Dequantise(testImages, new Generator(2)).ToArray();
        var conditions = new[]
        {
            Degradation.None("null: train vs train", "n other training images (disjoint)"),
            Degradation.None("null: train vs test", "n held-out test images"),
            Degradation.Blur(0.5),
            Degradation.Blur(1.0),
            Degradation.Noise(0.1),
            Degradation.Noise(0.3),
            Degradation.UnitInterval(),
            Degradation.DropClasses([9], ClassNames),
            Degradation.DropClasses([5, 6, 7, 8, 9], ClassNames),
        };
        var failures = new List<string>();
        Console.WriteLine($"# Image metrics: noise floor and response to degradations ({seeds} seeds per cell, mean ± sd)");
        Console.WriteLine();
        Console.WriteLine("FD = Fréchet distance and KD = kernel distance (KID's unbiased MMD², cubic kernel) on the 64 features of the shipped classifier;");
        Console.WriteLine("roughness = the absolute log ratio of mean squared neighbour-pixel differences (samples over data);");
        Console.WriteLine("mean image = RMS per-pixel difference of the mean images; pixel MMD = Gaussian-kernel MMD²_u on pixels, median heuristic (n ≤ " + PixelMmdLimit + " only).");
        Console.WriteLine("Each row compares n training images (the data) with the row's n images. z = (mean − null mean) / null sd, null = train vs test.");
        foreach (var n in sizes)
        {
            var values = new double[conditions.Length, Metrics.Length, seeds];
            for (var s = 0; s < seeds; s++)
            {
                var g = new Generator(1000 * n + s);
                var trainOrder = g.Permutation(trainImages.Count);
                var data = Rows(train, trainOrder.AsSpan(0, n));
                for (var c = 0; c < conditions.Length; c++)
                {
                    var d = conditions[c];
                    float[] sample;
                    if (c == 0) sample = Rows(train, trainOrder.AsSpan(n, n));
                    else
                    {
                        var pool = Enumerable.Range(0, testImages.Count).Where(i => d.Classes == null || d.Classes.Contains(testLabels[i])).ToArray();
                        var pick = g.Permutation(pool.Length).Take(n).Select(i => pool[i]).ToArray();
                        sample = d.Apply(Rows(test, pick), g);
                    }
                    var x = tensor(sample, n, FeatureClassifier.Pixels);
                    var y = tensor(data, n, FeatureClassifier.Pixels);
                    values[c, 0, s] = ImageQuality.FrechetDistance(x, y);
                    values[c, 1, s] = ImageQuality.KernelDistance(x, y);
                    values[c, 2, s] = Math.Abs(ImageQuality.RoughnessLogRatio(x, y));
                    values[c, 3, s] = ImageQuality.MeanImageDistance(x, y);
                    values[c, 4, s] = n <= PixelMmdLimit ? ImageQuality.PixelMmd(x, y) : double.NaN;
                }
            }
            Console.WriteLine();
            Console.WriteLine($"## n = {n}");
            Console.WriteLine();
            Console.WriteLine("| condition | " + string.Join(" | ", Metrics) + " | z (FD, KD, rough.) | claims (asserted) |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", Metrics.Length + 2)));
            for (var c = 0; c < conditions.Length; c++)
            {
                var cells = Enumerable.Range(0, Metrics.Length).Select(m => Cell(values, c, m, seeds));
                var z = string.Join(", ", new[] { 0, 1, 2 }.Select(m => c < 2 ? "–" : Z(values, c, m, seeds).ToString("F0", CultureInfo.InvariantCulture)));
                var claims = c < 2 ? "" : Check(values, c, seeds, conditions[c].Name, $"n={n} {conditions[c].Name}", failures);
                Console.WriteLine($"| {conditions[c].Name} | {string.Join(" | ", cells)} | {z} | {claims} |");
            }
        }
        Console.WriteLine();
        foreach (var d in conditions) Console.WriteLine($"- {d.Name}: {d.Description}");
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"{seconds:F0} s wall, {cpuSeconds:F0} s CPU; {Program.RunSettings()}");
        if (failures.Count == 0) { Console.WriteLine("All claims hold."); return 0; }
        Console.WriteLine("Claims that failed:");
        foreach (var f in failures) Console.WriteLine($"- {f}");
        return 1;
    }

    /// <summary>The claims of <see cref="Claims"/> for condition <paramref name="c"/>; returns the cell text.</summary>
    private static string Check(double[,,] v, int c, int seeds, string name, string where, List<string> failures)
    {
        var (separates, z3) = Claims[name];
        var text = new List<string>();
        foreach (var metric in separates)
        {
            var m = Array.IndexOf(Metrics, metric);
            var nullMax = Math.Max(Seeds(v, 0, m, seeds).Max(), Seeds(v, 1, m, seeds).Max());
            var min = Seeds(v, c, m, seeds).Min();
            if (min <= nullMax) failures.Add($"{where}: {metric} smallest value {min:G3} ≤ largest null value {nullMax:G3}");
            else text.Add($"{metric} separates");
        }
        foreach (var metric in z3)
        {
            var z = Z(v, c, Array.IndexOf(Metrics, metric), seeds);
            if (z < 3) failures.Add($"{where}: {metric} mean is only {z:F1} null sd above the null mean");
            else text.Add($"{metric} z ≥ 3");
        }
        return string.Join("; ", text);
    }

    private static double Z(double[,,] v, int c, int m, int seeds)
    {
        var (nullMean, nullSd) = MeanSd(Seeds(v, 1, m, seeds));
        return (MeanSd(Seeds(v, c, m, seeds)).mean - nullMean) / nullSd;
    }

    private static string Cell(double[,,] v, int c, int m, int seeds)
    {
        var s = Seeds(v, c, m, seeds);
        if (s.Any(double.IsNaN)) return "–";
        var (mean, sd) = MeanSd(s);
        return $"{mean.ToString("G3", CultureInfo.InvariantCulture)} ± {sd.ToString("G2", CultureInfo.InvariantCulture)}";
    }

    private static double[] Seeds(double[,,] v, int c, int m, int seeds) => Enumerable.Range(0, seeds).Select(s => v[c, m, s]).ToArray();

    private static (double mean, double sd) MeanSd(double[] s)
    {
        var mean = s.Average();
        return (mean, Math.Sqrt(s.Sum(x => (x - mean) * (x - mean)) / (s.Length - 1)));
    }

    private static float[] Rows(float[] all, ReadOnlySpan<int> rows)
    {
        var result = new float[rows.Length * FeatureClassifier.Pixels];
        for (var i = 0; i < rows.Length; i++)
            Array.Copy(all, rows[i] * FeatureClassifier.Pixels, result, i * FeatureClassifier.Pixels, FeatureClassifier.Pixels);
        return result;
    }
}
