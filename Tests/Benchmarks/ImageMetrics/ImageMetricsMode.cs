namespace Grader.Benchmarks.ImageMetrics;

/// <summary>
/// <c>image-metrics train [--data DIR] [--seed S] [--epochs E] [--out FILE]</c>: trains the feature classifier and
/// writes its weights (by default over the shipped file, Reference/Metrics/Images/fashion-mnist-features.safetensors).
/// <c>image-metrics table [--data DIR] [--seeds K] [--sizes 500,1000,2000]</c>: each image metric's noise floor and
/// its response to named degradations, printed as a Markdown table; exits 1 when an ordering the table claims fails.
/// </summary>
internal static class ImageMetricsMode
{
    public const string ShippedWeights = "Reference/Metrics/Images/fashion-mnist-features.safetensors";

    public static int Run(string[] args)
    {
        if (args.Length == 0) throw new ArgumentException("image-metrics needs 'train' or 'table'");
        string? data = null, output = null;
        int seed = ClassifierTraining.DefaultSeed, epochs = ClassifierTraining.DefaultEpochs, seeds = MetricTable.DefaultSeeds;
        var sizes = MetricTable.DefaultSizes;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--out": output = Value(); break;
                case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--epochs": epochs = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seeds": seeds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--sizes": sizes = Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                default: throw new ArgumentException($"unknown image-metrics option '{args[i]}'");
            }
        }
        var files = FashionMnistFiles.Require(data);
        return args[0] switch
        {
            "train" => ClassifierTraining.Run(files, seed, epochs, output ?? ShippedWeights),
            "table" => MetricTable.Run(files, seeds, sizes),
            _ => throw new ArgumentException($"image-metrics: unknown action '{args[0]}' (train or table)"),
        };
    }
}
