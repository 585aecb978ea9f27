using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// The three 2-D data sets of the Heidelberg notebook (MLPh sheet 10, ex. 1, "Data distribution" cells), each
/// standardised per dimension afterwards (see <see cref="Standardisation"/>). Draws follow the notebook's order, so
/// one generator reproduces one data set.
/// </summary>
public static class HeidelbergToyData
{
    /// <summary>Points per arm of the V.</summary>
    public const int VPointsPerArm = 4000;

    /// <summary>Std of the isotropic noise added to the V, and of each mixture component.</summary>
    public const double NoiseStd = 0.1;

    /// <summary>Points per mixture centre.</summary>
    public const int MixturePointsPerCentre = 1000;

    /// <summary>Points in the two-moons set (<c>make_moons(8000)</c>).</summary>
    public const int MoonsPoints = 8000;

    /// <summary>Arm end points of the V; both arms start at the origin. The right arm comes first.</summary>
    public static readonly double[][] VEndpoints = [[2, 3], [-2, 3]];

    /// <summary>The 8 mixture centres, already multiplied by 4.</summary>
    public static readonly double[][] MixtureCentres =
        new double[][] { [0, 1], [1, 0], [0, -1], [-1, 0], [0.5, 0.5], [0.5, -0.5], [-0.5, -0.5], [-0.5, 0.5] }
            .Select(c => c.Select(v => 4 * v).ToArray()).ToArray();

    /// <summary>
    /// The 'V' (the set sheet 10 uses): per arm, u ~ U(0,1) and the point endpoint·(1 − u) (uniform along the segment
    /// from the origin), right arm (to (2, 3)) first, then N(0, 0.1²) noise on every coordinate, then standardising.
    /// Draw order: u for the right arm, u for the left arm, then the noise row by row.
    /// Raw std ≈ (1.159, 0.872); standardised, the vertex sits near (0, −1.72).
    /// </summary>
    public static ToyDataSet V(Generator generator)
    {
        int n = 2 * VPointsPerArm;
        var raw = new float[n * 2];
        var labels = new int[n];
        for (int arm = 0; arm < 2; arm++)
        {
            var u = rand([VPointsPerArm], generator).ToArray();
            for (int i = 0; i < VPointsPerArm; i++)
            {
                int row = arm * VPointsPerArm + i;
                float w = 1f - u[i];
                raw[2 * row] = (float)VEndpoints[arm][0] * w;
                raw[2 * row + 1] = (float)VEndpoints[arm][1] * w;
                labels[row] = arm;
            }
        }
        var noisy = tensor(raw, n, 2) + randn([n, 2], generator) * (float)NoiseStd;
        return Finish("V", noisy, labels, null);
    }

    /// <summary>
    /// The 8-centre Gaussian mixture: 1000 draws of N(centre, 0.1² I) per centre, centre by centre, then
    /// standardising. <see cref="ToyDataSet.Density"/> is the generating mixture (weights 1/8) mapped to standardised space.
    /// </summary>
    public static ToyDataSet Mixture(Generator generator)
    {
        int k = MixtureCentres.Length, n = k * MixturePointsPerCentre;
        var parts = new Tensor[k];
        var labels = new int[n];
        for (int c = 0; c < k; c++)
        {
            parts[c] = randn([MixturePointsPerCentre, 2], generator) * (float)NoiseStd + tensor(MixtureCentres[c]);
            for (int i = 0; i < MixturePointsPerCentre; i++) labels[c * MixturePointsPerCentre + i] = c;
        }
        return Finish("mixture", cat(parts, 0), labels, RawMixture());
    }

    /// <summary>The generating law of <see cref="Mixture"/> in raw coordinates.</summary>
    public static GaussianMixture RawMixture() => new GaussianMixture(
        Enumerable.Repeat(1.0 / MixtureCentres.Length, MixtureCentres.Length).ToArray(),
        MixtureCentres.Select(c => (double[])c.Clone()).ToArray(),
        MixtureCentres.Select(_ => new[] { NoiseStd * NoiseStd, NoiseStd * NoiseStd }).ToArray()).Validate();

    /// <summary>
    /// Two moons as <c>sklearn.datasets.make_moons(8000)</c> with its defaults (no noise): n_out = n/2 points
    /// (cos s, sin s) and n_in = n − n_out points (1 − cos s, 1 − sin s − ½), s = linspace(0, π) each, label 0 then 1.
    /// The notebook sorts by label after sklearn's shuffle with an unstable argsort, so the order within a moon is
    /// arbitrary: here it is a random permutation from <paramref name="generator"/>. Then standardised.
    /// </summary>
    public static ToyDataSet TwoMoons(Generator generator, int n = MoonsPoints)
    {
        int nOut = n / 2, nIn = n - nOut;
        var raw = new double[n * 2];
        var labels = new int[n];
        var permOut = generator.Permutation(nOut);
        var permIn = generator.Permutation(nIn);
        for (int i = 0; i < nOut; i++)
        {
            double s = Linspace(0, Math.PI, nOut, permOut[i]);
            raw[2 * i] = Math.Cos(s);
            raw[2 * i + 1] = Math.Sin(s);
        }
        for (int i = 0; i < nIn; i++)
        {
            double s = Linspace(0, Math.PI, nIn, permIn[i]);
            int row = nOut + i;
            raw[2 * row] = 1 - Math.Cos(s);
            raw[2 * row + 1] = 1 - Math.Sin(s) - 0.5;
            labels[row] = 1;
        }
        return Finish("moons", tensor(raw, n, 2), labels, null);
    }

    /// <summary>numpy.linspace(start, stop, num)[i]: start + i·step, with the last point exactly stop.</summary>
    private static double Linspace(double start, double stop, int num, int i) =>
        num == 1 ? start : i == num - 1 ? stop : start + i * ((stop - start) / (num - 1));

    private static ToyDataSet Finish(string name, Tensor raw, int[] labels, GaussianMixture? rawDensity)
    {
        var s = Standardisation.Fit(raw);
        return new ToyDataSet(name, s.Apply(raw), raw, s, labels, rawDensity?.Standardised(s));
    }
}
