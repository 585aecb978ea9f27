namespace Grader.Reference.Numerics;

/// <summary>
/// Gauss–Legendre quadrature in double: the n-point rule is exact for polynomials of degree 2n − 1 on one interval;
/// <see cref="Integrate(Func{double, double}, IReadOnlyList{double}, int, int)"/> applies it piecewise between
/// break points (kinks of the integrand), so a piecewise-smooth integrand converges as fast as a smooth one.
/// </summary>
public sealed class GaussLegendre
{
    private GaussLegendre(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>Nodes on [−1, 1], ascending.</summary>
    public IReadOnlyList<double> Nodes { get; }

    /// <summary>Weights of <see cref="Nodes"/>; they sum to 2.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>The n-point rule (nodes by Newton's method on P_n from Tricomi's start, to full double precision; O(n²) work).</summary>
    public static GaussLegendre Rule(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 1000);
        var nodes = new double[n];
        var weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            for (int iteration = 0; iteration < 100; iteration++)
            {
                var (p, d) = Legendre(n, x);
                double dx = p / d;
                x -= dx;
                if (Math.Abs(dx) < 1e-16) break;
            }
            double dp = Legendre(n, x).Derivative;
            double w = 2 / ((1 - x * x) * dp * dp);
            nodes[i] = -x;
            nodes[n - 1 - i] = x;
            weights[i] = w;
            weights[n - 1 - i] = w;
        }
        return new GaussLegendre(nodes, weights);
    }

    /// <summary>∫_a^b f by this rule on one interval.</summary>
    public double Integrate(Func<double, double> f, double a, double b)
    {
        ArgumentNullException.ThrowIfNull(f);
        double half = (b - a) / 2, mid = (a + b) / 2, sum = 0;
        for (int i = 0; i < Nodes.Count; i++) sum += Weights[i] * f(mid + half * Nodes[i]);
        return half * sum;
    }

    /// <summary>
    /// ∫ f over [breaks[0], breaks[^1]]: each interval between consecutive (ascending) break points is cut into
    /// <paramref name="pieces"/> equal parts, each integrated with the <paramref name="points"/>-point rule.
    /// </summary>
    public static double Integrate(Func<double, double> f, IReadOnlyList<double> breaks, int points = 32, int pieces = 8)
    {
        ArgumentNullException.ThrowIfNull(breaks);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieces, 1);
        if (breaks.Count < 2) throw new ArgumentException("at least two break points are needed", nameof(breaks));
        var rule = Rule(points);
        double sum = 0;
        for (int j = 0; j + 1 < breaks.Count; j++)
        {
            double a = breaks[j], b = breaks[j + 1];
            if (!(b >= a)) throw new ArgumentException($"break points must ascend ({a} then {b})", nameof(breaks));
            double width = (b - a) / pieces;
            for (int k = 0; k < pieces; k++) sum += rule.Integrate(f, a + k * width, a + (k + 1) * width);
        }
        return sum;
    }

    /// <summary>P_n(x) and P_n′(x) by the three-term recurrence.</summary>
    private static (double Value, double Derivative) Legendre(int n, double x)
    {
        double p0 = 1, p1 = x;
        for (int k = 2; k <= n; k++)
        {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        double pn = n == 0 ? 1 : p1, pm = n == 0 ? 0 : p0;
        return (pn, n * (x * pn - pm) / (x * x - 1));
    }
}
