using Grader.Reference.Data;

namespace Grader.Benchmarks.ImageMetrics;

/// <summary>
/// Fashion-MNIST's four IDX files in one folder: by default where Debian's <c>dataset-fashion-mnist</c> installs them,
/// or any folder with MNIST-format files of the same names (<c>--data DIR</c>).
/// </summary>
internal sealed record FashionMnistFiles(string Directory)
{
    /// <summary>Where <c>apt-get install dataset-fashion-mnist</c> puts the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    public string TrainImages => Path.Combine(Directory, "train-images-idx3-ubyte.gz");
    public string TrainLabels => Path.Combine(Directory, "train-labels-idx1-ubyte.gz");
    public string TestImages => Path.Combine(Directory, "t10k-images-idx3-ubyte.gz");
    public string TestLabels => Path.Combine(Directory, "t10k-labels-idx1-ubyte.gz");

    /// <summary>The folder, or an <see cref="ArgumentException"/> saying what to install when a file is missing.</summary>
    public static FashionMnistFiles Require(string? directory)
    {
        var files = new FashionMnistFiles(directory ?? DebianDirectory);
        foreach (var f in new[] { files.TrainImages, files.TrainLabels, files.TestImages, files.TestLabels })
            if (!File.Exists(f))
                throw new ArgumentException($"'{f}' is missing: install Fashion-MNIST with 'apt-get install dataset-fashion-mnist' or pass --data DIR with the four IDX files (.gz).");
        return files;
    }

    public (ImageSet images, byte[] labels) Train() => (MnistIdx.ReadImages(TrainImages), MnistIdx.ReadLabels(TrainLabels));

    public (ImageSet images, byte[] labels) Test() => (MnistIdx.ReadImages(TestImages), MnistIdx.ReadLabels(TestLabels));
}
