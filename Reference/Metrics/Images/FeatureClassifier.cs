using System.Reflection;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Metrics.Images;

/// <summary>
/// The small Fashion-MNIST classifier whose penultimate layer gives the image features of <see cref="ImageQuality"/>:
/// an MLP 784 → 128 → ReLU → 64 → ReLU → 10 on 28×28 images flattened row-major, pixels in [−1, 1] (DTU week 3's
/// transform, x/255 dequantised then (x − 0.5)·2). The features are the 64 ReLU outputs before the last layer.
/// </summary>
/// <remarks>
/// <para>
/// The shipped weights (<c>fashion-mnist-features.safetensors</c>, an embedded resource, 109,386 F32 parameters,
/// 428 KiB) were trained by the project's own engine with <c>Grader.Benchmarks image-metrics train</c>
/// (Tests/Benchmarks/ImageMetrics): seed, epochs, optimiser, the test accuracy and the training time are in the file's
/// metadata and in <see cref="Metadata"/>. Parameter names are PyTorch's (<c>network.{0,2,4}.weight/bias</c>).
/// </para>
/// <para>
/// The network is only read after loading: <see cref="Features"/> and <see cref="Logits"/> run under
/// <c>torch.no_grad()</c> and change nothing, so <see cref="Shipped"/> can hand every caller the same instance.
/// </para>
/// </remarks>
public sealed class FeatureClassifier : Module<Tensor, Tensor>
{
    /// <summary>Pixels per image (28×28).</summary>
    public const int Pixels = 28 * 28;

    /// <summary>Width of the first hidden layer.</summary>
    public const int Hidden = 128;

    /// <summary>Width of the penultimate layer: the feature dimension.</summary>
    public const int FeatureDimension = 64;

    /// <summary>Fashion-MNIST's ten classes.</summary>
    public const int Classes = 10;

    /// <summary>The embedded resource that holds the shipped weights.</summary>
    public const string ResourceName = "Grader.Metrics.Images.fashion-mnist-features.safetensors";

    private static readonly Lazy<FeatureClassifier> ShippedInstance = new(LoadShipped);

    /// <summary>A freshly initialised network (PyTorch's Linear initialisation from <paramref name="generator"/>).</summary>
    public FeatureClassifier(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Network = register_module("network", nn.Sequential(
            nn.Linear(Pixels, Hidden, generator), nn.ReLU(),
            nn.Linear(Hidden, FeatureDimension, generator), nn.ReLU(),
            nn.Linear(FeatureDimension, Classes, generator)));
    }

    /// <summary>The layers: Linear, ReLU, Linear, ReLU, Linear.</summary>
    public Sequential Network { get; }

    /// <summary>The metadata of the weights this instance was loaded from (empty for a fresh network).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    /// <summary>The shipped, trained classifier (loaded once, shared; read only).</summary>
    public static FeatureClassifier Shipped() => ShippedInstance.Value;

    /// <summary>Class logits [N, 10] for images [N, 784] (with gradients: the training tool's forward).</summary>
    public override Tensor forward(Tensor images) => Network.forward(images);

    /// <summary>The 64 penultimate-layer features [N, 64] of images [N, 784], without gradients.</summary>
    public Tensor Features(Tensor images)
    {
        RequireImages(images);
        using var _ = no_grad();
        var h = images;
        for (var i = 0; i < 4; i++) h = Network[i].forward(h);
        return h;
    }

    /// <summary>Class logits [N, 10] of images [N, 784], without gradients.</summary>
    public Tensor Logits(Tensor images)
    {
        RequireImages(images);
        using var _ = no_grad();
        return Network.forward(images);
    }

    /// <summary>Fraction of the images [N, 784] whose largest logit is their label (labels 0–9, one per image).</summary>
    public double Accuracy(Tensor images, IReadOnlyList<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var logits = Logits(images).ToArray();
        if (labels.Count != images.size(0))
            throw new ArgumentException($"{images.size(0)} images need {images.size(0)} labels; got {labels.Count}.", nameof(labels));
        var correct = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var best = 0;
            for (var c = 1; c < Classes; c++)
                if (logits[i * Classes + c] > logits[i * Classes + best]) best = c;
            if (best == labels[i]) correct++;
        }
        return (double)correct / labels.Count;
    }

    /// <summary>Loads weights saved by <c>module.save</c> from the bytes of a safetensors file.</summary>
    public static FeatureClassifier FromSafeTensors(ReadOnlySpan<byte> file, string name)
    {
        var (tensors, metadata) = SafeTensors.Read(file, name);
        var classifier = new FeatureClassifier(new Generator(0));
        classifier.load_state_dict(tensors);
        classifier.eval();
        classifier.Metadata = metadata;
        return classifier;
    }

    private static FeatureClassifier LoadShipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Grader.Metrics was built without its classifier weights ({ResourceName}); rebuild it, or train them with 'Grader.Benchmarks image-metrics train'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return FromSafeTensors(copy.ToArray(), ResourceName);
    }

    private static void RequireImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 2 || images.size(1) != Pixels)
            throw new ArgumentException($"The classifier takes images flattened to [N, {Pixels}]; got a tensor of shape [{string.Join(", ", images.shape)}].", nameof(images));
    }
}
