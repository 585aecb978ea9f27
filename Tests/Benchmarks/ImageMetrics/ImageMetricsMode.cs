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
        ModeArguments.Read(args, (option, value) =>
        {
            switch (option)
            {
                case "--data": data = value(); break;
                case "--out": output = value(); break;
                case "--seed": seed = ModeArguments.Int(value()); break;
                case "--epochs": epochs = ModeArguments.Int(value()); break;
                case "--seeds": seeds = ModeArguments.Int(value()); break;
                case "--sizes": sizes = value().Split(',').Select(ModeArguments.Int).ToArray(); break;
                default: throw new ArgumentException($"unknown image-metrics option '{option}'");
            }
        }, from: 1);
        var files = FashionMnistFiles.Require(data);
        return args[0] switch
        {
            "train" => ClassifierTraining.Run(files, seed, epochs, output ?? ShippedWeights),
            "table" => MetricTable.Run(files, seeds, sizes),
            _ => throw new ArgumentException($"image-metrics: unknown action '{args[0]}' (train or table)"),
        };
    }
}
