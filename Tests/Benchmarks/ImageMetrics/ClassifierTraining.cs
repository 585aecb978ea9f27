using Grader.Metrics.Images;
using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Benchmarks.ImageMetrics;

/// <summary>
/// Trains <see cref="FeatureClassifier"/> on Fashion-MNIST's 60,000 training images with the project's engine and
/// writes the weights the metrics ship. One <c>Generator(seed)</c> draws the initial weights, each epoch's
/// dequantisation noise (DTU's transform, <see cref="MnistIdx.Dequantise"/>) and each epoch's shuffle; Adam
/// (lr 1e-3), batches of 128, cross-entropy. The test accuracy is measured on the 10,000 test images dequantised with
/// <c>Generator(seed + 1)</c>, and stored in the file's metadata with everything needed to repeat the run.
/// </summary>
internal static class ClassifierTraining
{
    public const int DefaultSeed = 2026;
    public const int DefaultEpochs = 8;
    public const int Batch = 128;
    public const double LearningRate = 1e-3;

    public static int Run(FashionMnistFiles files, int seed, int epochs, string output)
    {
        var (trainImages, trainLabels) = files.Train();
        var (testImages, testLabels) = files.Test();
        var generator = new Generator(seed);
        var model = new FeatureClassifier(generator);
        var optimizer = optim.Adam(model.parameters(), lr: LearningRate);
        var labels = trainLabels.Select(b => (float)b).ToArray();
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var x = MnistIdx.Dequantise(trainImages, generator);
            var order = randperm(trainImages.Count, generator);
            double lossSum = 0;
            var steps = 0;
            for (var start = 0; start + Batch <= order.Length; start += Batch)
            {
                using var scope = memory_scope();
                var index = order.AsSpan(start, Batch).ToArray();
                var xb = x.index_select(0, index);
                var yb = tensor(index.Select(i => labels[i]).ToArray(), Batch);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(xb), yb);
                loss.backward();
                optimizer.step();
                lossSum += loss.item();
                steps++;
            }
            Console.WriteLine($"epoch {epoch}/{epochs}: mean loss {lossSum / steps:F4}, {clock.Elapsed.TotalSeconds:F0} s");
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        model.eval();
        var accuracy = model.Accuracy(MnistIdx.Dequantise(testImages, new Generator(seed + 1)), testLabels);
        var metadata = new Dictionary<string, string>
        {
            ["model"] = "FeatureClassifier: Linear(784, 128), ReLU, Linear(128, 64), ReLU, Linear(64, 10); features = the 64 ReLU outputs",
            ["data"] = "Fashion-MNIST train (60,000), DTU transform (x/255 + U(0,1)/255 - 0.5)*2, fresh dequantisation every epoch",
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = epochs.ToString(CultureInfo.InvariantCulture),
            ["batch"] = Batch.ToString(CultureInfo.InvariantCulture),
            ["optimiser"] = $"Adam lr {LearningRate.ToString(CultureInfo.InvariantCulture)}",
            ["test_accuracy"] = accuracy.ToString("F4", CultureInfo.InvariantCulture),
            ["test_dequantisation_seed"] = (seed + 1).ToString(CultureInfo.InvariantCulture),
            ["train_seconds"] = seconds.ToString("F0", CultureInfo.InvariantCulture),
            ["train_cpu_seconds"] = cpuSeconds.ToString("F0", CultureInfo.InvariantCulture),
        };
        model.save(output, metadata);
        Console.WriteLine($"test accuracy {accuracy:F4} on {testImages.Count} images; {seconds:F0} s wall, {cpuSeconds:F0} s CPU; wrote {output} ({new FileInfo(output).Length} bytes)");
        return 0;
    }
}
