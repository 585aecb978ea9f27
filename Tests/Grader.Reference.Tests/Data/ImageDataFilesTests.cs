namespace Grader.Reference.Tests.Data;

/// <summary>Where the image tasks find their data: <c>--data DIR</c>, else Debian's Fashion-MNIST, else one sentence saying what to install.</summary>
public sealed class ImageDataFilesTests : ScratchTests
{
    [Test]
    public void A_given_folder_of_generated_idx_files_is_read()
    {
        GeneratedImages.WriteIdxFolder(Dir, 50, seed: 3);
        var files = ImageDataFiles.Locate(Dir, installed: Path.Combine(Dir, "not-installed"));
        files.TrainImages.Should().Be(Path.Combine(Dir, "train-images-idx3-ubyte.gz"));
        files.TrainLabels.Should().Be(Path.Combine(Dir, "train-labels-idx1-ubyte.gz"));
        files.TestImages.Should().BeNull();
        var images = files.ReadTrainImages();
        (images.Count, images.Rows, images.Columns).Should().Be((50, 28, 28));
        files.ReadTrainLabels().Should().HaveCount(50).And.OnlyContain(l => l < 10);
    }

    [Test]
    public void Mnists_own_spelling_of_the_file_names_is_found()
    {
        var (images, labels) = GeneratedImages.Create(4, 28, 28, new Generator(1));
        MnistIdx.WriteImages(Path.Combine(Dir, "train-images.idx3-ubyte"), images);
        MnistIdx.WriteLabels(Path.Combine(Dir, "train-labels.idx1-ubyte"), labels);
        var files = ImageDataFiles.Locate(Dir);
        files.ReadTrainImages().Pixels.Should().Equal(images.Pixels);
        files.ReadTrainLabels().Should().Equal(labels);
    }

    [Test]
    public void A_given_folder_without_images_is_an_error_not_a_switch_to_the_installed_set()
    {
        var installed = Path.Combine(Dir, "installed");
        GeneratedImages.WriteIdxFolder(installed, 5, seed: 1);
        var empty = Directory.CreateDirectory(Path.Combine(Dir, "empty")).FullName;
        var act = () => ImageDataFiles.Locate(empty, installed);
        act.Should().Throw<FileNotFoundException>().WithMessage($"--data: '{empty}' holds no train-images-idx3-ubyte*");
        ((Action)(() => ImageDataFiles.Locate(Path.Combine(Dir, "missing"), installed)))
            .Should().Throw<FileNotFoundException>().WithMessage("--data: the folder '*missing' does not exist.");
    }

    [Test]
    public void Cifar10s_binary_batches_are_read_as_three_channel_images_in_file_order()
    {
        // Two batches: 3 images then 2; each record is the label, then the red, green and blue planes of 32×32.
        var records = Enumerable.Range(0, 5).Select(i => (Label: (byte)(i % 10), Pixels: Enumerable.Range(0, 3072).Select(p => (byte)((p / 1024 * 50 + i + p) % 256)).ToArray())).ToArray();
        var folder = Directory.CreateDirectory(Path.Combine(Dir, "cifar-10-batches-bin")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "data_batch_1.bin"), records[..3].SelectMany(r => new[] { r.Label }.Concat(r.Pixels)).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "data_batch_2.bin"), records[3..].SelectMany(r => new[] { r.Label }.Concat(r.Pixels)).ToArray());
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), records[..1].SelectMany(r => new[] { r.Label }.Concat(r.Pixels)).ToArray());

        var files = ImageDataFiles.Locate(Dir, installed: Path.Combine(Dir, "not-installed"));
        files.Format.Should().Be(ImageDataFiles.FileFormat.Cifar10);
        files.Name.Should().StartWith("CIFAR-10");
        (files.Channels, files.TestImages).Should().Be((3, Path.Combine(folder, "test_batch.bin")));
        var images = files.ReadTrainImages();
        (images.Count, images.Channels, images.Rows, images.Columns).Should().Be((5, 3, 32, 32));
        images.Pixels.Should().Equal(records.SelectMany(r => r.Pixels), "the label byte is skipped and the planes stay in file order");
        images[4, 2, 31, 31].Should().Be(records[4].Pixels[3071], "channel 2 (blue), last row and column of the fifth image");
        files.ReadTrainLabels().Should().Equal(0, 1, 2, 3, 4);
        files.ReadTrainImages(4).Pixels.Should().Equal(records[..4].SelectMany(r => r.Pixels), "reading the first four crosses into the second batch");
    }

    [Test]
    public void A_cut_cifar10_batch_and_a_label_above_nine_are_named()
    {
        var batch = Path.Combine(Dir, "data_batch_1.bin");
        File.WriteAllBytes(batch, new byte[3073 + 100]);
        ((Action)(() => ImageDataFiles.Locate(Dir).ReadTrainImages())).Should().Throw<InvalidDataException>().WithMessage($"{batch}: 3173 bytes is not a whole number of CIFAR-10 records*");
        var record = new byte[3073];
        record[0] = 42;
        File.WriteAllBytes(batch, record);
        ((Action)(() => ImageDataFiles.Locate(Dir).ReadTrainImages())).Should().Throw<InvalidDataException>().WithMessage("*label 42; CIFAR-10's labels are 0 … 9*");
    }

    [Test]
    public void Cifar10s_python_version_is_named_with_the_one_to_give_instead()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "cifar-10-batches-py"));
        ((Action)(() => ImageDataFiles.Locate(Dir))).Should().Throw<FileNotFoundException>().WithMessage("*CIFAR-10's Python version (pickled batches)*binary version (cifar-10-binary.tar.gz*");
    }

    [Test]
    public void Generated_cifar10_batches_are_coloured_shapes_and_pool_channel_by_channel()
    {
        GeneratedImages.WriteCifar10Folder(Dir, 20, seed: 5);
        var images = ImageDataFiles.Locate(Dir).ReadTrainImages();
        (images.Count, images.Channels).Should().Be((20, 3));
        Enumerable.Range(0, 20).Should().Contain(i => images.Pixels.Skip(i * 3072).Take(1024).Max() != images.Pixels.Skip(i * 3072 + 2048).Take(1024).Max(), "the channels differ");
        var pooled = images.Pooled(2);
        (pooled.Channels, pooled.Rows, pooled.Columns).Should().Be((3, 16, 16));
        for (var ch = 0; ch < 3; ch++)
        {
            var block = new[] { images[7, ch, 14, 14], images[7, ch, 14, 15], images[7, ch, 15, 14], images[7, ch, 15, 15] };
            pooled[7, ch, 7, 7].Should().Be((byte)((block.Sum(b => b) + 2) / 4), $"channel {ch} is pooled from its own plane");
        }

        ((Action)(() => MnistIdx.WriteImages(Path.Combine(Dir, "x"), images))).Should().Throw<ArgumentException>().WithMessage("IDX3 holds one-channel images*");
    }

    [Test]
    public void Without_data_the_message_says_what_to_install()
    {
        var act = () => ImageDataFiles.Locate(null, installed: Path.Combine(Dir, "nowhere"));
        act.Should().Throw<FileNotFoundException>().WithMessage(ImageDataFiles.InstallHint);
        ImageDataFiles.InstallHint.Should().Contain("apt-get install dataset-fashion-mnist").And.Contain("--data DIR");
    }

    [Test]
    public void The_installed_fashion_mnist_is_found_where_debian_puts_it()
    {
        if (!Directory.Exists(ImageDataFiles.DebianFashionMnist)) Assert.Ignore("dataset-fashion-mnist is not installed (CI installs it).");
        var files = ImageDataFiles.Locate(null);
        files.Name.Should().StartWith("Fashion-MNIST");
        var images = files.ReadTrainImages();
        (images.Count, images.Rows, images.Columns).Should().Be((60000, 28, 28));
        files.ReadTrainLabels().Should().HaveCount(60000);
        files.TestImages.Should().EndWith("t10k-images-idx3-ubyte.gz");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Reading_the_first_images_gives_a_prefix_of_the_whole_file(bool gzip)
    {
        var (images, _) = GeneratedImages.Create(30, 28, 28, new Generator(4));
        var path = Path.Combine(Dir, "images");
        MnistIdx.WriteImages(path, images, gzip);
        var first = MnistIdx.ReadImages(path, 12);
        (first.Count, first.Rows, first.Columns).Should().Be((12, 28, 28));
        first.Pixels.Should().Equal(images.Pixels.Take(12 * 784));
        MnistIdx.ReadImages(path, 100).Pixels.Should().Equal(images.Pixels);
        // Cut inside the twelfth image's bytes (or the compressed stream): the whole-file reader names the problem.
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);
        ((Action)(() => MnistIdx.ReadImages(path, 12))).Should().Throw<InvalidDataException>().WithMessage($"'{path}'*");
    }

    [Test]
    public void Pooling_averages_blocks_and_select_keeps_the_order()
    {
        var pixels = new byte[2 * 4 * 4];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
        var images = new ImageSet(2, 4, 4, pixels);
        var pooled = images.Pooled(2);
        (pooled.Count, pooled.Rows, pooled.Columns).Should().Be((2, 2, 2));
        // Image 0, top-left block: pixels 0, 1, 4, 5 → 0, 7, 28, 35, mean 17.5, rounded half up to 18.
        pooled[0, 0, 0].Should().Be(18);
        // Image 1, bottom-right block: pixels 26, 27, 30, 31 → 182, 189, 210, 217, mean 199.5 → 200.
        pooled[1, 1, 1].Should().Be(200);
        images.Select([1, 0]).Pixels.Should().Equal(pixels.Skip(16).Concat(pixels.Take(16)));
        ((Action)(() => images.Pooled(3))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Generated_images_differ_within_a_class_and_between_classes()
    {
        var (images, labels) = GeneratedImages.Create(200, 28, 28, new Generator(7));
        labels.Distinct().Should().HaveCount(10);
        images.Pixels.Should().Contain(p => p > 0);
        var byClass = Enumerable.Range(0, 200).GroupBy(i => labels[i]).First(g => g.Count() > 3).ToArray();
        images.Select(byClass).Pixels.Chunk(784).Select(c => Convert.ToBase64String(c)).Distinct().Should().HaveCountGreaterThan(1);
    }
}
