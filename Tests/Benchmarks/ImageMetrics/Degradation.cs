using Grader.Tensors;

namespace Grader.Benchmarks.ImageMetrics;

/// <summary>
/// A named way a generator's images go wrong, applied to held-out data images in [−1, 1] ([N, 784], row-major 28×28):
/// what a metric must respond to. <see cref="Apply"/> gets the images to degrade; <see cref="Classes"/>, when set,
/// restricts the images drawn to those classes (mode dropping).
/// </summary>
internal sealed record Degradation(string Name, string Description, Func<float[], Generator, float[]> Apply, int[]? Classes = null)
{
    private const int Side = 28;

    public static Degradation None(string name, string description) => new(name, description, (x, _) => x);

    public static Degradation Blur(double sigma) =>
        new($"blur σ={sigma}", $"Gaussian blur, σ = {sigma} px (separable, edges replicated)", (x, _) => GaussianBlur(x, sigma));

    public static Degradation Noise(double sigma) =>
        new($"noise σ={sigma}", $"N(0, {sigma}²) added to every pixel (in [−1, 1] units), not clipped", (x, g) => AddNoise(x, sigma, g));

    public static Degradation UnitInterval() =>
        new("[0, 1] range", "the pixels left in [0, 1] (y/2 + 0.5) instead of [−1, 1]", (x, _) => x.Select(v => v / 2 + 0.5f).ToArray());

    public static Degradation DropClasses(int[] dropped, string[] names) =>
        new($"drop {dropped.Length} class{(dropped.Length == 1 ? "" : "es")}", $"mode dropping: no {string.Join(", ", dropped.Select(c => names[c]))}",
            (x, _) => x, Enumerable.Range(0, 10).Except(dropped).ToArray());

    private static float[] GaussianBlur(float[] x, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var w = Enumerable.Range(-radius, 2 * radius + 1).Select(k => Math.Exp(-k * k / (2 * sigma * sigma))).ToArray();
        var sum = w.Sum();
        for (var k = 0; k < w.Length; k++) w[k] /= sum;
        var n = x.Length / (Side * Side);
        var tmp = new float[x.Length];
        var result = new float[x.Length];
        for (var i = 0; i < n; i++)
        {
            var o = i * Side * Side;
            for (var r = 0; r < Side; r++)
            for (var c = 0; c < Side; c++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++) s += w[k + radius] * x[o + r * Side + Math.Clamp(c + k, 0, Side - 1)];
                tmp[o + r * Side + c] = (float)s;
            }
            for (var r = 0; r < Side; r++)
            for (var c = 0; c < Side; c++)
            {
                double s = 0;
                for (var k = -radius; k <= radius; k++) s += w[k + radius] * tmp[o + Math.Clamp(r + k, 0, Side - 1) * Side + c];
                result[o + r * Side + c] = (float)s;
            }
        }
        return result;
    }

    private static float[] AddNoise(float[] x, double sigma, Generator g)
    {
        var noise = torch.randn([x.Length], g).ToArray();
        var result = new float[x.Length];
        for (var k = 0; k < x.Length; k++) result[k] = x[k] + (float)sigma * noise[k];
        return result;
    }
}
