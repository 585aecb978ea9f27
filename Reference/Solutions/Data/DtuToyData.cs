using Grader.Tensors;

namespace Grader.Reference.Data;

/// <summary>
/// DTU 02460 (Frellsen) <c>ToyData.py</c> v1.1 and the data handling of week 3's <c>ddpm.py</c>: the two toy laws on
/// [0, 1]², and the map x → (x − 0.5)·2 into [−1, 1]² the DDPM trains in (back by y/2 + 0.5).
/// </summary>
public static class DtuToyData
{
    /// <summary>Component std of TwoGaussians.</summary>
    public const double TwoGaussiansStd = 0.1;

    /// <summary>
    /// TwoGaussians: weights [1/5, 4/5], N((0.75, 0.75), 0.1² I) and N((0.25, 0.25), 0.1² I), in that order.
    /// </summary>
    public static GaussianMixture TwoGaussians() => new GaussianMixture(
        [1.0 / 5, 4.0 / 5],
        [[0.75, 0.75], [0.25, 0.25]],
        [[TwoGaussiansStd * TwoGaussiansStd, TwoGaussiansStd * TwoGaussiansStd], [TwoGaussiansStd * TwoGaussiansStd, TwoGaussiansStd * TwoGaussiansStd]]).Validate();

    /// <summary><c>Chequerboard(grid_size=3, bounds=[0, 1])</c>: 5 squares, density 1.8 on them.</summary>
    public static Chequerboard Chequerboard(int gridSize = 3, double low = 0, double high = 1) => new(gridSize, low, high);

    /// <summary>x → (x − 0.5)·2, from [0, 1]ᵈ to [−1, 1]ᵈ (ddpm.py's <c>transform</c>).</summary>
    public static Tensor ToSymmetric(Tensor x) => (x - 0.5f) * 2f;

    /// <summary>y → y/2 + 0.5, back to [0, 1]ᵈ (ddpm.py's sampling branch).</summary>
    public static Tensor FromSymmetric(Tensor y) => y / 2f + 0.5f;

    /// <summary>
    /// The law of (x − 0.5)·2 for x ~ <paramref name="distribution"/>: samples in [−1, 1]ᵈ and
    /// log p_Y(y) = log p_X(y/2 + 0.5) − d·ln 2.
    /// </summary>
    public static AffineTransformedDistribution InSymmetricBox(IToyDistribution distribution) =>
        new(distribution, Enumerable.Repeat(0.5, distribution.Dim).ToArray(), Enumerable.Repeat(2.0, distribution.Dim).ToArray());

    /// <summary>n fresh draws mapped to [−1, 1]ᵈ: the DDPM training data (ddpm.py draws 10⁷; any n works).</summary>
    public static Tensor TrainingData(IToyDistribution distribution, int n, Generator generator) =>
        ToSymmetric(distribution.Sample(n, generator));
}
