namespace Grader.Reference.Tests.Metrics.Images;

/// <summary>
/// Fashion-MNIST's 10,000 test images where Debian's <c>dataset-fashion-mnist</c> installs them, DTU-transformed to
/// [−1, 1] with <c>Generator(2027)</c> (the training tool's test dequantisation: seed 2026 + 1); or an ignored test
/// that says what to install.
/// </summary>
internal static class FashionMnistTestData
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    private static readonly Lazy<(Tensor images, byte[] labels)?> Loaded = new(Load);

    /// <summary>The test images [10000, 784] and labels, or <c>Assert.Ignore</c> naming the package.</summary>
    public static (Tensor images, byte[] labels) Require() =>
        Loaded.Value ?? throw new IgnoreException($"Fashion-MNIST is not installed in {Directory}: 'apt-get install dataset-fashion-mnist' (this test needs the 10,000 test images).");

    private static (Tensor, byte[])? Load()
    {
        var images = Path.Combine(Directory, "t10k-images-idx3-ubyte.gz");
        var labels = Path.Combine(Directory, "t10k-labels-idx1-ubyte.gz");
        if (!File.Exists(images) || !File.Exists(labels)) return null;
        return (MnistIdx.Dequantise(MnistIdx.ReadImages(images), new Generator(2027)), MnistIdx.ReadLabels(labels));
    }
}
