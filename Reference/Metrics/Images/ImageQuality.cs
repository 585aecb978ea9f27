using Grader.Tensors;

namespace Grader.Metrics.Images;

/// <summary>
/// Sample quality of 28×28 grey-scale images: how far a generator's samples are from the data, on the features of
/// the shipped <see cref="FeatureClassifier"/> (Fréchet and kernel distances) or on the pixels.
/// </summary>
/// <remarks>
/// <para>
/// <b>Images</b> are tensors of shape [N, 784], [N, 28, 28] or [N, 1, 28, 28], pixels in <b>[−1, 1]</b> (DTU week 3's
/// transform, −1 = background; a sample in [0, 1] must be mapped by 2x − 1 first). Nothing is rescaled here: a sample in
/// the wrong range is a wrong sample, and the distances are meant to see it. Every image must be finite.
/// </para>
/// <para>
/// <b>Thresholds</b> come from the measured noise floor of each metric at the sample size used (two independent samples
/// of the data) and its response to named degradations: see <c>Grader.Benchmarks image-metrics table</c> and the table
/// in Reference/Metrics/README.md. The Fréchet distance is biased upwards at finite n; the kernel distance is
/// unbiased (null mean 0).
/// </para>
/// </remarks>
public static class ImageQuality
{
    /// <summary>The classifier's 64 penultimate features of each image, as <c>double[N, 64]</c>.</summary>
    public static double[,] Features(Tensor images)
    {
        var flat = Flatten(images, nameof(images));
        var f = FeatureClassifier.Shipped().Features(flat).ToArray();
        var n = flat.size(0);
        var result = new double[n, FeatureClassifier.FeatureDimension];
        Buffer.BlockCopy(f.Select(v => (double)v).ToArray(), 0, result, 0, sizeof(double) * f.Length);
        return result;
    }

    /// <summary>The Fréchet distance between the classifier features of <paramref name="samples"/> and <paramref name="data"/> (≥ 2 images each).</summary>
    public static double FrechetDistance(Tensor samples, Tensor data) =>
        Metrics.FrechetDistance.Between(Features(samples), Features(data));

    /// <summary>The kernel distance (KID's unbiased MMD², cubic polynomial kernel) between the classifier features of <paramref name="samples"/> and <paramref name="data"/>.</summary>
    public static double KernelDistance(Tensor samples, Tensor data) =>
        Metrics.KernelDistance.UnbiasedSquared(Features(samples), Features(data));

    /// <summary>
    /// MMD²_u on the raw pixels with the Gaussian kernel and the pooled median-heuristic bandwidth (<see cref="Mmd"/>).
    /// Costs O((m + n)² · 784): about a second at 1,000 images a side.
    /// </summary>
    public static double PixelMmd(Tensor samples, Tensor data) =>
        Mmd.UnbiasedSquared(Pixels(samples, nameof(samples)), Pixels(data, nameof(data)));

    /// <summary>
    /// The root-mean-square difference between the two mean images, per pixel (in the images' own units). Cheap, and
    /// enough for gross errors (a wrong pixel range, a missing class of very different brightness); blind to anything
    /// that keeps the mean.
    /// </summary>
    public static double MeanImageDistance(Tensor samples, Tensor data)
    {
        var a = MeanImage(Flatten(samples, nameof(samples)));
        var b = MeanImage(Flatten(data, nameof(data)));
        double s = 0;
        for (var k = 0; k < a.Length; k++) s += (a[k] - b[k]) * (a[k] - b[k]);
        return Math.Sqrt(s / a.Length);
    }

    /// <summary>
    /// ln(R(samples) / R(data)), R = the mean squared difference between horizontally or vertically neighbouring
    /// pixels (over all images): &gt; 0 when the samples are rougher than the data (left-over noise), &lt; 0 when
    /// smoother (blur); a check uses its absolute value. The classifier features are nearly blind to pixel noise (see
    /// the table in Reference/Metrics/README.md), this statistic is not.
    /// </summary>
    public static double RoughnessLogRatio(Tensor samples, Tensor data)
    {
        var a = Roughness(Flatten(samples, nameof(samples)));
        var b = Roughness(Flatten(data, nameof(data)));
        if (!(a > 0) || !(b > 0))
            throw new ArgumentException($"The roughness ratio needs images that are not constant; the {(a > 0 ? "data" : "samples")} have no neighbouring pixels that differ.");
        return Math.Log(a / b);
    }

    /// <summary>Mean squared difference of horizontally and vertically neighbouring pixels of [N, 784] images.</summary>
    private static double Roughness(Tensor flat)
    {
        const int side = 28;
        var v = flat.ToArray();
        var n = flat.size(0);
        double s = 0;
        for (var i = 0; i < n; i++)
        {
            var o = i * side * side;
            for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
            {
                var p = v[o + r * side + c];
                if (c + 1 < side) { var d = p - v[o + r * side + c + 1]; s += d * d; }
                if (r + 1 < side) { var d = p - v[o + (r + 1) * side + c]; s += d * d; }
            }
        }
        return s / (n * 2.0 * side * (side - 1));
    }

    private static double[] MeanImage(Tensor flat)
    {
        var v = flat.ToArray();
        var n = flat.size(0);
        var mean = new double[FeatureClassifier.Pixels];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < mean.Length; k++) mean[k] += v[i * mean.Length + k];
        for (var k = 0; k < mean.Length; k++) mean[k] /= n;
        return mean;
    }

    private static double[,] Pixels(Tensor images, string name)
    {
        var flat = Flatten(images, name);
        var v = flat.ToArray();
        var result = new double[flat.size(0), FeatureClassifier.Pixels];
        Buffer.BlockCopy(v.Select(x => (double)x).ToArray(), 0, result, 0, sizeof(double) * v.Length);
        return result;
    }

    /// <summary>The images as [N, 784], after checking the shape, N ≥ 2 and that every pixel is finite.</summary>
    private static Tensor Flatten(Tensor images, string name)
    {
        ArgumentNullException.ThrowIfNull(images, name);
        var shape = images.shape;
        var ok = shape.Length switch
        {
            2 => shape[1] == FeatureClassifier.Pixels,
            3 => shape[1] == 28 && shape[2] == 28,
            4 => shape[1] == 1 && shape[2] == 28 && shape[3] == 28,
            _ => false,
        };
        if (!ok)
            throw new ArgumentException($"{name} must be 28×28 grey-scale images of shape [N, 784], [N, 28, 28] or [N, 1, 28, 28]; got [{string.Join(", ", shape)}].", name);
        if (shape[0] < 2)
            throw new ArgumentException($"{name} needs at least 2 images; it has {shape[0]}.", name);
        var flat = images.reshape(shape[0], FeatureClassifier.Pixels);
        var values = flat.ToArray();
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException($"{name}: image {i / FeatureClassifier.Pixels}, pixel {i % FeatureClassifier.Pixels} is {values[i]}; every pixel must be finite.", name);
        return flat;
    }
}
