namespace Grader.Reference.Tests.Metrics;

/// <summary>Seeded Gaussian samples and brute-force references (plain double loops, no shared code with the metrics).</summary>
internal static class TestSamples
{
    /// <summary>n points of N(mean·1, std² I_d), rows are points; System.Random(seed) + Box–Muller.</summary>
    public static double[,] Gaussian(int n, int d, int seed, double mean = 0, double std = 1)
    {
        var rng = new Random(seed);
        var result = new double[n, d];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < d; k++)
            {
                var u1 = 1.0 - rng.NextDouble();
                var u2 = rng.NextDouble();
                result[i, k] = mean + std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }
        return result;
    }

    public static double[] Gaussian1D(int n, int seed, double mean = 0, double std = 1)
    {
        var m = Gaussian(n, 1, seed, mean, std);
        var r = new double[n];
        for (var i = 0; i < n; i++) r[i] = m[i, 0];
        return r;
    }

    /// <summary>n points on the integer grid [0, width) × [0, height) drawn from rng: few distinct distances, each shared by many pairs (ties).</summary>
    public static double[,] Grid(Random rng, int n, int width, int height)
    {
        var result = new double[n, 2];
        for (var i = 0; i < n; i++) { result[i, 0] = rng.Next(width); result[i, 1] = rng.Next(height); }
        return result;
    }

    public static double[,] Matrix(params double[][] rows)
    {
        var result = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++)
            for (var k = 0; k < rows[0].Length; k++) result[i, k] = rows[i][k];
        return result;
    }

    public static double[,] Column(params double[] values)
    {
        var result = new double[values.Length, 1];
        for (var i = 0; i < values.Length; i++) result[i, 0] = values[i];
        return result;
    }

    public static double Distance(double[,] a, int i, double[,] b, int j)
    {
        double s = 0;
        for (var k = 0; k < a.GetLength(1); k++) s += (a[i, k] - b[j, k]) * (a[i, k] - b[j, k]);
        return Math.Sqrt(s);
    }

    /// <summary>Brute force: all pooled pairwise distances, sorted, median with the numpy convention.</summary>
    public static double MedianPooledDistance(double[,] x, double[,] y)
    {
        var pooled = Pool(x, y);
        var n = pooled.GetLength(0);
        var all = new List<double>();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) all.Add(Distance(pooled, i, pooled, j));
        all.Sort();
        var c = all.Count;
        return c % 2 == 1 ? all[c / 2] : 0.5 * (all[c / 2 - 1] + all[c / 2]);
    }

    public static double[,] Pool(double[,] x, double[,] y)
    {
        int m = x.GetLength(0), n = y.GetLength(0), d = x.GetLength(1);
        var z = new double[m + n, d];
        for (var i = 0; i < m; i++) for (var k = 0; k < d; k++) z[i, k] = x[i, k];
        for (var i = 0; i < n; i++) for (var k = 0; k < d; k++) z[m + i, k] = y[i, k];
        return z;
    }

    /// <summary>Brute force MMD²_u straight from the definition, with ordered i ≠ j sums.</summary>
    public static double BruteMmd(double[,] x, double[,] y, double sigma)
    {
        int m = x.GetLength(0), n = y.GetLength(0);
        double K(double[,] a, int i, double[,] b, int j) => Math.Exp(-Math.Pow(Distance(a, i, b, j), 2) / (2 * sigma * sigma));
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < m; i++) for (var j = 0; j < m; j++) if (i != j) xx += K(x, i, x, j);
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) if (i != j) yy += K(y, i, y, j);
        for (var i = 0; i < m; i++) for (var j = 0; j < n; j++) xy += K(x, i, y, j);
        return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double)m * n);
    }

    /// <summary>Brute force energy distance: (U-statistic, V-statistic).</summary>
    public static (double U, double V) BruteEnergy(double[,] x, double[,] y)
    {
        int m = x.GetLength(0), n = y.GetLength(0);
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < m; i++) for (var j = 0; j < m; j++) if (i != j) xx += Distance(x, i, x, j);
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) if (i != j) yy += Distance(y, i, y, j);
        for (var i = 0; i < m; i++) for (var j = 0; j < n; j++) xy += Distance(x, i, y, j);
        var cross = 2 * xy / ((double)m * n);
        return (cross - xx / (m * (m - 1.0)) - yy / (n * (n - 1.0)), cross - xx / ((double)m * m) - yy / ((double)n * n));
    }
}
