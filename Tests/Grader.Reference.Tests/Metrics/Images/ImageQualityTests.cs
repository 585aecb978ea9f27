using Grader.Metrics.Images;

namespace Grader.Reference.Tests.Metrics.Images;

public sealed class ImageQualityTests
{
    [Test]
    public void Image_shapes_N_784_N_28_28_and_N_1_28_28_give_the_same_features()
    {
        var flat = rand([4, 784], new Generator(3)) * 2f - 1f;
        var expected = ImageQuality.Features(flat);
        ImageQuality.Features(flat.reshape(4, 28, 28)).Should().BeEquivalentTo(expected);
        ImageQuality.Features(flat.reshape(4, 1, 28, 28)).Should().BeEquivalentTo(expected);
        expected.GetLength(1).Should().Be(FeatureClassifier.FeatureDimension);
    }

    [Test]
    public void Bad_images_are_refused_with_the_reason()
    {
        var good = zeros(2, 784);
        FluentActions.Invoking(() => ImageQuality.FrechetDistance(zeros(2, 3, 32, 32), good))
            .Should().Throw<ArgumentException>().WithMessage("*28×28*[2, 3, 32, 32]*");
        FluentActions.Invoking(() => ImageQuality.KernelDistance(good, zeros(1, 784)))
            .Should().Throw<ArgumentException>().WithMessage("*at least 2 images*");
        var nan = zeros(2, 784).ToArray();
        nan[784 + 5] = float.NaN;
        FluentActions.Invoking(() => ImageQuality.FrechetDistance(tensor(nan, 2, 784), good))
            .Should().Throw<ArgumentException>().WithMessage("*image 1, pixel 5 is NaN*");
        FluentActions.Invoking(() => ImageQuality.RoughnessLogRatio(good, rand([2, 784], new Generator(1))))
            .Should().Throw<ArgumentException>().WithMessage("*samples have no neighbouring pixels that differ*");
    }

    [Test]
    public void Roughness_ratio_is_positive_for_added_noise_and_zero_for_the_same_images()
    {
        var images = rand([20, 784], new Generator(4)) * 0.2f;
        ImageQuality.RoughnessLogRatio(images, images).Should().Be(0);
        ImageQuality.RoughnessLogRatio(images + randn([20, 784], new Generator(5)) * 0.3f, images).Should().BePositive();
    }

    [Test]
    public void On_test_images_a_wrong_pixel_range_and_dropped_classes_are_far_above_a_fresh_sample()
    {
        // n = 500 a side, fixed rows of the test set. The table (Reference/Metrics/README.md, 10 seeds) has the
        // train-vs-test null at FD 6.5 ± 2.3, the [0, 1] range at 222 ± 6.7 and 5 dropped classes at 185 ± 16.
        var (images, labels) = FashionMnistTestData.Require();
        var data = images.index_select(0, Enumerable.Range(0, 500).ToArray());
        var fresh = images.index_select(0, Enumerable.Range(500, 500).ToArray());
        var fiveClasses = images.index_select(0, Enumerable.Range(1000, 9000).Where(i => labels[i] < 5).Take(500).ToArray());
        var nullFd = ImageQuality.FrechetDistance(fresh, data);
        var nullKd = ImageQuality.KernelDistance(fresh, data);
        nullFd.Should().BeLessThan(20);
        ImageQuality.FrechetDistance(fresh / 2f + 0.5f, data).Should().BeGreaterThan(10 * nullFd);
        ImageQuality.FrechetDistance(fiveClasses, data).Should().BeGreaterThan(10 * nullFd);
        ImageQuality.KernelDistance(fresh / 2f + 0.5f, data).Should().BeGreaterThan(nullKd + 100);
        ImageQuality.KernelDistance(fiveClasses, data).Should().BeGreaterThan(nullKd + 100);
    }
}
