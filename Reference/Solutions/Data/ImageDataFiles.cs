namespace Grader.Reference.Data;

/// <summary>
/// Where the image tasks (DTU 02460 week 3, ex. 3.5; Heidelberg 2022/23 sheet 10, 1 (f)) read their images from: a
/// folder the user names (<c>--data DIR</c>) holding IDX files in MNIST's format (MNIST or Fashion-MNIST:
/// <c>train-images-idx3-ubyte</c>, gzipped or not, or MNIST's own spelling <c>train-images.idx3-ubyte</c>) or CIFAR-10's
/// binary batches (<see cref="Cifar10Batches"/>: <c>data_batch_1.bin</c> …, in the folder or in its
/// <c>cifar-10-batches-bin</c>), else the folder where Debian's package <c>dataset-fashion-mnist</c> installs
/// Fashion-MNIST. A folder given is never passed over for the installed one: a wrong <c>--data</c> is an error, not a
/// silent switch of data set.
/// </summary>
/// <param name="Name">What was found, for messages and reports ("Fashion-MNIST (Debian's dataset-fashion-mnist)", "IDX files in DIR").</param>
/// <param name="Directory">The folder the files are in.</param>
/// <param name="TrainImages">The training images (IDX3), or CIFAR-10's first training batch.</param>
/// <param name="TrainLabels">The training labels (IDX1), when present (CIFAR-10: null, its batches hold them).</param>
/// <param name="TestImages">The test images (IDX3, or CIFAR-10's test batch), when present.</param>
/// <param name="Format">The files' format.</param>
public sealed record ImageDataFiles(string Name, string Directory, string TrainImages, string? TrainLabels, string? TestImages, ImageDataFiles.FileFormat Format = ImageDataFiles.FileFormat.Idx)
{
    /// <summary>The formats read.</summary>
    public enum FileFormat
    {
        /// <summary>MNIST's IDX files: one channel.</summary>
        Idx,

        /// <summary>CIFAR-10's binary batches: three channels of 32×32.</summary>
        Cifar10,
    }

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> puts the four gzipped IDX files.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The one sentence said when no images are found.</summary>
    public const string InstallHint =
        "No image data found: install Debian's package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist, " +
        "which puts Fashion-MNIST in " + DebianFashionMnist + "), or pass --data DIR with MNIST's IDX files (train-images-idx3-ubyte, gzipped or not) " +
        "or CIFAR-10's binary batches (data_batch_1.bin …).";

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

    /// <summary>Channels per image: 1 for IDX files, 3 for CIFAR-10.</summary>
    public int Channels => Format == FileFormat.Cifar10 ? Cifar10Batches.Channels : 1;

    /// <summary>The training images, read whole (Fashion-MNIST: 60,000 of 28×28, about half a second).</summary>
    public ImageSet ReadTrainImages() => ReadTrainImages(int.MaxValue);

    /// <summary>The first <paramref name="maxCount"/> training images, reading no further.</summary>
    public ImageSet ReadTrainImages(int maxCount) =>
        Format == FileFormat.Cifar10 ? Cifar10Batches.Read(TrainBatches(), maxCount).Images
        : maxCount == int.MaxValue ? MnistIdx.ReadImages(TrainImages) : MnistIdx.ReadImages(TrainImages, maxCount);

    /// <summary>The training labels, or null when the folder has none.</summary>
    public byte[]? ReadTrainLabels() =>
        Format == FileFormat.Cifar10 ? Cifar10Batches.Read(TrainBatches()).Labels
        : TrainLabels is null ? null : MnistIdx.ReadLabels(TrainLabels);

    /// <summary>CIFAR-10's training batches present beside <see cref="TrainImages"/>, in order.</summary>
    private string[] TrainBatches() =>
        Cifar10Batches.TrainFiles.Select(f => Path.Combine(Directory, f)).TakeWhile(File.Exists).ToArray();

    private static ImageDataFiles? InFolder(string directory, string name)
    {
        var images = Find(directory, "train-images-idx3-ubyte", "train-images.idx3-ubyte");
        if (images is not null)
            return new ImageDataFiles(name, directory, images,
                Find(directory, "train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
                Find(directory, "t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"));

        foreach (var folder in new[] { directory, Path.Combine(directory, "cifar-10-batches-bin") })
        {
            var first = Path.Combine(folder, Cifar10Batches.TrainFiles[0]);
            if (!File.Exists(first)) continue;
            var test = Path.Combine(folder, Cifar10Batches.TestFile);
            return new ImageDataFiles($"CIFAR-10 (binary batches in {folder})", folder, first, null, File.Exists(test) ? test : null, FileFormat.Cifar10);
        }

        return null;
    }

    /// <summary>The first of the names that exists in the folder, plain or with <c>.gz</c>.</summary>
    private static string? Find(string directory, params string[] names) =>
        names.SelectMany(n => new[] { n, n + ".gz" }).Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);

    private static string NothingIn(string directory)
    {
        var python = File.Exists(Path.Combine(directory, "data_batch_1")) || System.IO.Directory.Exists(Path.Combine(directory, "cifar-10-batches-py"))
            ? " It holds CIFAR-10's Python version (pickled batches), which the grader does not read; give its binary version (cifar-10-binary.tar.gz, the folder cifar-10-batches-bin)."
            : "";
        return $"--data: '{directory}' holds no train-images-idx3-ubyte (nor .gz, nor MNIST's train-images.idx3-ubyte) and no CIFAR-10 data_batch_1.bin.{python}";
    }
}
