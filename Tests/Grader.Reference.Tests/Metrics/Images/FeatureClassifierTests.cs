using Grader.Metrics.Images;

namespace Grader.Reference.Tests.Metrics.Images;

public sealed class FeatureClassifierTests
{
    /// <summary>Measured by the training tool (Grader.Benchmarks image-metrics train, seed 2026, 8 epochs) and stored in the weights' metadata.</summary>
    private const double StatedTestAccuracy = 0.8777;

    [Test]
    public void The_shipped_weights_load_with_the_metadata_of_their_training_run()
    {
        var classifier = FeatureClassifier.Shipped();
        classifier.parameters().Sum(p => p.numel()).Should().Be(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
        classifier.Metadata["seed"].Should().Be("2026");
        classifier.Metadata["epochs"].Should().Be("8");
        double.Parse(classifier.Metadata["test_accuracy"], CultureInfo.InvariantCulture).Should().Be(StatedTestAccuracy);
        // Trained weights are not the initialisation the same seed gives.
        var fresh = new FeatureClassifier(new Generator(2026));
        classifier.parameters().First().ToArray().Should().NotEqual(fresh.parameters().First().ToArray());
    }

    [Test]
    public void Features_are_the_64_non_negative_penultimate_outputs_and_refuse_other_shapes()
    {
        var images = rand([3, 784], new Generator(5)) * 2f - 1f;
        var features = FeatureClassifier.Shipped().Features(images);
        features.shape.Should().Equal(3, 64);
        features.ToArray().Should().OnlyContain(v => v >= 0 && float.IsFinite(v));
        FluentActions.Invoking(() => FeatureClassifier.Shipped().Features(zeros(3, 28, 28)))
            .Should().Throw<ArgumentException>().WithMessage("*[N, 784]*[3, 28, 28]*");
    }

    [Test]
    public void The_shipped_classifier_reaches_its_stated_accuracy_on_the_10000_test_images()
    {
        var (images, labels) = FashionMnistTestData.Require();
        // The same images (same dequantisation seed) as the training tool measured on. On this machine the accuracy
        // reproduces exactly; another matmul path (OpenBLAS or the managed kernel, other vector widths) rounds the logits
        // differently in float32 and may flip the few images whose top two logits are nearly tied. The bound allows 20
        // of the 10,000 images (0.2 percentage points) to flip, far below any change in the weights that would matter.
        FeatureClassifier.Shipped().Accuracy(images, labels).Should().BeApproximately(StatedTestAccuracy, 2e-3);
        // An untrained network of the same shape is at chance, so the figure is the training's, not the data's.
        new FeatureClassifier(new Generator(1)).Accuracy(images, labels).Should().BeLessThan(0.3);
    }
}
