namespace Grader.Reference.Data;

/// <summary>
/// Where the image tasks (DTU 02460 week 3, ex. 3.5; Heidelberg 2022/23 sheet 10, 1 (f)) read their images from: a
/// folder the user names (<c>--data DIR</c>) holding IDX files in MNIST's format (MNIST or Fashion-MNIST:
/// <c>train-images-idx3-ubyte</c>, gzipped or not, or MNIST's own spelling <c>train-images.idx3-ubyte</c>), else the
/// folder where Debian's package <c>dataset-fashion-mnist</c> installs Fashion-MNIST. A folder given is never passed
/// over for the installed one: a wrong <c>--data</c> is an error, not a silent switch of data set.
/// </summary>
/// <param name="Name">What was found, for messages and reports ("Fashion-MNIST (Debian's dataset-fashion-mnist)", "IDX files in DIR").</param>
/// <param name="Directory">The folder the files are in.</param>
/// <param name="TrainImages">The training images (IDX3).</param>
/// <param name="TrainLabels">The training labels (IDX1), when present.</param>
/// <param name="TestImages">The test images (IDX3), when present.</param>
public sealed record ImageDataFiles(string Name, string Directory, string TrainImages, string? TrainLabels, string? TestImages)
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> puts the four gzipped IDX files.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The one sentence said when no images are found.</summary>
    public const string InstallHint =
        "No image data found: install Debian's package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist, " +
        "which puts Fashion-MNIST in " + DebianFashionMnist + "), or pass --data DIR with MNIST's IDX files (train-images-idx3-ubyte, gzipped or not).";

    /// <summary>
    /// The images of <paramref name="directory"/> when one is given (an error naming what is missing if it holds none),
    /// else those in <paramref name="installed"/> (default: Debian's Fashion-MNIST folder).
    /// </summary>
    /// <exception cref="FileNotFoundException">With one sentence: what is missing and what to install or pass.</exception>
    public static ImageDataFiles Locate(string? directory, string installed = DebianFashionMnist)
    {
        if (directory is not null)
        {
            if (!System.IO.Directory.Exists(directory))
                throw new FileNotFoundException($"--data: the folder '{directory}' does not exist.", directory);
            return InFolder(directory, $"IDX files in {directory}")
                ?? throw new FileNotFoundException(NothingIn(directory), directory);
        }

        return (System.IO.Directory.Exists(installed) ? InFolder(installed, $"Fashion-MNIST ({installed})") : null)
            ?? throw new FileNotFoundException(InstallHint, installed);
    }

    /// <summary>The training images, read whole (Fashion-MNIST: 60,000 of 28×28, about half a second).</summary>
    public MnistImages ReadTrainImages() => MnistIdx.ReadImages(TrainImages);

    /// <summary>The first <paramref name="maxCount"/> training images, reading no further.</summary>
    public MnistImages ReadTrainImages(int maxCount) => MnistIdx.ReadImages(TrainImages, maxCount);

    /// <summary>The training labels, or null when the folder has none.</summary>
    public byte[]? ReadTrainLabels() => TrainLabels is null ? null : MnistIdx.ReadLabels(TrainLabels);

    private static ImageDataFiles? InFolder(string directory, string name)
    {
        var images = Find(directory, "train-images-idx3-ubyte", "train-images.idx3-ubyte");
        return images is null
            ? null
            : new ImageDataFiles(name, directory, images,
                Find(directory, "train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
                Find(directory, "t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"));
    }

    /// <summary>The first of the names that exists in the folder, plain or with <c>.gz</c>.</summary>
    private static string? Find(string directory, params string[] names) =>
        names.SelectMany(n => new[] { n, n + ".gz" }).Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    private static string NothingIn(string directory)
    {
        var cifar = File.Exists(Path.Combine(directory, "data_batch_1.bin")) || System.IO.Directory.Exists(Path.Combine(directory, "cifar-10-batches-bin"))
            ? " It holds CIFAR-10's binary batches, which the grader does not read yet; give MNIST or Fashion-MNIST IDX files."
            : "";
        return $"--data: '{directory}' holds no train-images-idx3-ubyte (nor .gz, nor MNIST's train-images.idx3-ubyte).{cifar}";
    }
}
