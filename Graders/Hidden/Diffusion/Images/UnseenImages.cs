using Grader.Reference.Data;

namespace Grader.Checks.Hidden.Diffusion.Images;

/// <summary>
/// The images an image check hands a hand-in, drawn for the run: <see cref="Count"/> training images picked at random
/// among the first <see cref="PoolSize"/> of the data set <see cref="ImageDataFiles.Locate"/> finds (a tutor's <c>--data DIR</c>, else Debian's
/// Fashion-MNIST), else from <see cref="GeneratedImages"/> (said in <see cref="Source"/>); shrunk by
/// <see cref="PoolFactor"/> (28×28 → 14×14, CIFAR-10's 32×32 → 16×16) and put through DTU 3.5's transform (dequantise,
/// map to [−1, 1], flatten). A check of one-channel images (DTU 3.5 is MNIST's task) refuses a data set of colour
/// images with one sentence; Heidelberg 1 (f) ("MNIST or CIFAR10") takes either.
/// </summary>
/// <param name="Pixels">The images, [Count, Channels·Rows·Columns], values in [−1, 1 + 2/255).</param>
/// <param name="Rows">Rows of one image after pooling.</param>
/// <param name="Columns">Columns of one image after pooling.</param>
/// <param name="Source">Where they came from, for the tutor ("Fashion-MNIST (/usr/share/…)", or the generated set and why).</param>
/// <param name="Channels">Channels of one image: 1 (MNIST, Fashion-MNIST, the generated set) or 3 (CIFAR-10).</param>
public sealed record UnseenImages(Tensor Pixels, int Rows, int Columns, string Source, int Channels = 1)
{
    /// <summary>2: 28×28 → 14×14, so an oracle step over the set costs N·M·196 multiply-adds.</summary>
    public const int PoolFactor = 2;

    /// <summary>The images are picked among the first 10,000 of the training file (read in about a sixth of the whole file's time).</summary>
    public const int PoolSize = 10_000;

    public int Count => Pixels.size(0);

    /// <summary>Draws <paramref name="count"/> distinct images with <paramref name="generator"/>.</summary>
    /// <param name="dataDirectory">The tutor's <c>--data DIR</c>, or null for the installed Fashion-MNIST.</param>
    /// <param name="channels">The channels the check takes (1), or null for any.</param>
    public static UnseenImages Draw(int count, Generator generator, string? dataDirectory = null, int? channels = 1)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var (all, source) = Pool(count, generator, dataDirectory, channels);
        return Draw(count, generator, all, source);
    }

    /// <summary>
    /// The images a check draws from, at full size, and where they came from: the first <see cref="PoolSize"/> training
    /// images of the data set <see cref="ImageDataFiles.Locate"/> finds, else (no <paramref name="dataDirectory"/> given and
    /// no data installed) max(10·<paramref name="count"/>, 100) of <see cref="GeneratedImages"/> made with a fork of
    /// <paramref name="generator"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The data set's images have other than <paramref name="channels"/> channels (one sentence for the tutor).</exception>
    public static (ImageSet All, string Source) Pool(int count, Generator generator, string? dataDirectory = null, int? channels = 1)
    {
        ArgumentNullException.ThrowIfNull(generator);
        try
        {
            var files = ImageDataFiles.Locate(dataDirectory);
            if (channels is { } wanted && files.Channels != wanted)
                throw new InvalidDataException($"{files.Name} holds images of {files.Channels} channels, and this task takes images of {wanted} (MNIST's): " +
                                               "grade it with MNIST or Fashion-MNIST IDX files in --data DIR, or without --data for the installed Fashion-MNIST.");
            return (files.ReadTrainImages(PoolSize), files.Name);
        }
        catch (Exception e) when (dataDirectory is null && e is FileNotFoundException)
        {
            return (GeneratedImages.Create(Math.Max(10 * count, 100), 28, 28, generator.Fork()).Images,
                "the grader's generated shapes (no image data installed: " + ImageDataFiles.InstallHint + ")");
        }
    }

    /// <summary>Draws <paramref name="count"/> distinct images of <paramref name="all"/> with <paramref name="generator"/>.</summary>
    public static UnseenImages Draw(int count, Generator generator, ImageSet all, string source)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(all);
        if (all.Count < count) throw new InvalidDataException($"{source} holds {all.Count} images; the check needs {count}.");
        var picked = generator.Permutation(all.Count).Take(count).ToArray();
        var images = all.Select(picked).Pooled(PoolFactor);
        return new UnseenImages(MnistIdx.Dequantise(images, generator), images.Rows, images.Columns, source, images.Channels);
    }
}
