using Grader.Reference.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>
/// Two densities p, q tabulated at the cell centres of a regular grid (float32, as the contracts take them), with the
/// mixtures they come from so samples can be drawn (null where a density was cut to half of the grid).
/// </summary>
public sealed record DensityPair(string Name, int[] Shape, float[] P, float[] Q, double CellVolume)
{
    /// <summary>The pair with p and q exchanged.</summary>
    public DensityPair Swapped() => this with { Name = Name + " (swapped)", P = Q, Q = P };

    /// <summary>Σ p·ΔV and Σ q·ΔV in double.</summary>
    public (double P, double Q) Masses() => (P.Sum(v => (double)v) * CellVolume, Q.Sum(v => (double)v) * CellVolume);

    public Tensor PTensor() => torch.tensor(P, Shape);

    public Tensor QTensor() => torch.tensor(Q, Shape);

    public double[] PDouble() => P.Select(v => (double)v).ToArray();

    public double[] QDouble() => Q.Select(v => (double)v).ToArray();

    /// <summary>
    /// u·[(N + 4)·Σ ½ΔV(p|ln(a·p/(p + q))| + q|ln(a·q/(p + q))|) + 2ΔV·Σ(p + q)], u = 2⁻²⁴, N cells: the float32
    /// error bound of a grid sum of N terms ½ΔV·[p ln(a·p/(p + q)) + q ln(a·q/(p + q))] (a = 2 for the JSD, 1 for
    /// V(D*)): each log-ratio is off by ≤ 2u + u|ln| (three rounded operations), and recursive summation adds
    /// (N − 1)·u·Σ|terms|. A hand-in computing in double is far inside.
    /// </summary>
    public double GridTolerance(double a)
    {
        const double u = 1.0 / (1 << 24);
        double absolute = 0, mass = 0;
        for (int i = 0; i < P.Length; i++)
        {
            double p = P[i], q = Q[i];
            mass += p + q;
            if (p > 0) absolute += 0.5 * p * Math.Abs(Math.Log(a * p / (p + q)));
            if (q > 0) absolute += 0.5 * q * Math.Abs(Math.Log(a * q / (p + q)));
        }
        return u * ((P.Length + 4) * absolute * CellVolume + 2 * CellVolume * mass);
    }

    /// <summary>
    /// The pairs a run's checks use: Gaussian mixtures on a 1-D grid and on a 2-D grid, a 1-D pair cut to disjoint
    /// halves of the grid (JSD = ln 2), a 2-D pair overlapping on half of the grid, and a density paired with itself
    /// (JSD = 0). Sizes, mixtures and cuts are drawn from <paramref name="g"/>; each density has grid mass 1 (before
    /// rounding to float32); values below 10⁻³⁰ are set to 0 (no float32 subnormals).
    /// </summary>
    public static IReadOnlyList<DensityPair> Draw(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var line = RegularGrid.Line(-6, 6, (int)g.NextInt(40, 121));
        var square = RegularGrid.Square(-5, 5, (int)g.NextInt(10, 25));
        double cut = g.NextDouble() * 2 - 1;
        var p1 = Mixture(g, 1); var q1 = Mixture(g, 1);
        var p2 = Mixture(g, 2); var q2 = Mixture(g, 2);
        var pe = Mixture(g, 2);
        return
        [
            Tabulate("1-D mixtures", line, p1, q1),
            Tabulate("2-D mixtures", square, p2, q2),
            Tabulate("1-D, disjoint supports", line, x => x[0] < cut ? p1(x) : 0, x => x[0] >= cut ? q1(x) : 0),
            Tabulate("2-D, half overlapping", square, x => x[0] < cut ? 0 : p2(x), q2),
            Tabulate("2-D, equal densities", square, pe, pe),
        ];
    }

    /// <summary>A mixture of 1 to 3 Gaussians with means in [−3, 3]^d, standard deviations in [0.3, 1.5] and random weights.</summary>
    private static Func<double[], double> Mixture(Generator g, int dimensions)
    {
        int k = (int)g.NextInt(1, 4);
        var weights = Enumerable.Range(0, k).Select(_ => 0.2 + g.NextDouble()).ToArray();
        var total = weights.Sum();
        var means = Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, dimensions).Select(_ => 6 * g.NextDouble() - 3).ToArray()).ToArray();
        var sigmas = Enumerable.Range(0, k).Select(_ => 0.3 + 1.2 * g.NextDouble()).ToArray();
        return x =>
        {
            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                double r2 = 0;
                for (int c = 0; c < dimensions; c++) r2 += (x[c] - means[j][c]) * (x[c] - means[j][c]);
                sum += weights[j] / total * Math.Exp(-0.5 * r2 / (sigmas[j] * sigmas[j])) / Math.Pow(Math.Sqrt(2 * Math.PI) * sigmas[j], dimensions);
            }
            return sum;
        };
    }

    private static DensityPair Tabulate(string name, RegularGrid grid, Func<double[], double> p, Func<double[], double> q) =>
        new(name, grid.Counts, Normalised(grid, p), Normalised(grid, q), grid.CellVolume);

    private static float[] Normalised(RegularGrid grid, Func<double[], double> density)
    {
        var values = grid.Tabulate(density);
        var mass = values.Sum() * grid.CellVolume;
        return values.Select(v => v / mass < 1e-30 ? 0f : (float)(v / mass)).ToArray();
    }
}
