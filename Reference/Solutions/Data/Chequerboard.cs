using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// DTU 02460 week 2/3 <c>ToyData.Chequerboard(grid_size, bounds)</c>: the box [low, high]² cut into grid×grid squares,
/// square (i, j) kept when i + j is even (5 squares for grid 3), an equal-weight mixture of uniforms on the kept
/// squares. In-support density = 1/(kept · side²) = 9/5 = 1.8 for the default; log_prob is −∞ outside
/// (the original's <c>ExtendedUniform</c>). Bounds are inclusive as in the original, so a point on an edge shared by
/// two kept squares gets the sum of both (a null set). Comparisons are made in float32, as torch does.
/// </summary>
public sealed class Chequerboard : IToyDistribution
{
    private readonly float[][] _low;
    private readonly float[][] _high;

    public Chequerboard(int gridSize = 3, double low = 0, double high = 1)
    {
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "grid size must be ≥ 1");
        if (!(high > low)) throw new ArgumentException($"Chequerboard: bounds [{low}, {high}] are empty");
        GridSize = gridSize; Low = low; High = high;
        double side = (high - low) / gridSize;
        var lows = new List<float[]>();
        var highs = new List<float[]>();
        var squares = new List<(int, int)>();
        for (int i = 0; i < gridSize; i++)
            for (int j = 0; j < gridSize; j++)
            {
                if ((i + j) % 2 != 0) continue;
                double lx = low + i * side, ly = low + j * side;
                lows.Add([(float)lx, (float)ly]);
                highs.Add([(float)(lx + side), (float)(ly + side)]);
                squares.Add((i, j));
            }
        _low = lows.ToArray(); _high = highs.ToArray();
        Squares = squares;
        SquareSide = side;
    }

    public int GridSize { get; }
    public double Low { get; }
    public double High { get; }
    public double SquareSide { get; }

    /// <summary>The kept squares (i along x, j along y), in the original's order.</summary>
    public IReadOnlyList<(int i, int j)> Squares { get; }

    public int Dim => 2;

    /// <summary>The density inside the support, 1/(squares · side²).</summary>
    public double InSupportDensity => 1.0 / (Squares.Count * SquareSide * SquareSide);

    /// <summary>A square uniformly (equal weights), then a uniform point in it; shape [n, 2].</summary>
    public Tensor Sample(int n, Generator generator)
    {
        var d = new float[2 * n];
        for (int r = 0; r < n; r++)
        {
            int k = (int)generator.NextInt(0, Squares.Count);
            for (int c = 0; c < 2; c++)
            {
                double lo = _low[k][c], hi = _high[k][c];
                d[2 * r + c] = (float)(lo + generator.NextDouble() * (hi - lo));
            }
        }
        return tensor(d, n, 2);
    }

    /// <summary>Number of kept squares whose closed box holds (x, y).</summary>
    public int Cover(float x, float y)
    {
        int c = 0;
        for (int k = 0; k < _low.Length; k++)
            if (x >= _low[k][0] && x <= _high[k][0] && y >= _low[k][1] && y <= _high[k][1]) c++;
        return c;
    }

    public bool InSupport(float x, float y) => Cover(x, y) > 0;

    /// <summary>log p for x of shape [n, 2]: ln(cover · density) inside, −∞ outside.</summary>
    public Tensor LogProb(Tensor x)
    {
        GaussianMixture.CheckPoints(x, 2, nameof(Chequerboard));
        var v = x.contiguous().ToArray();
        int n = x.size(0);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            int c = Cover(v[2 * i], v[2 * i + 1]);
            r[i] = c == 0 ? double.NegativeInfinity : Math.Log(c * InSupportDensity);
        }
        return tensor(r, n);
    }

    /// <summary>The fraction of the rows of <paramref name="x"/> [n, 2] that lie in the support.</summary>
    public double SupportFraction(Tensor x)
    {
        var v = x.contiguous().ToArray();
        int n = x.size(0), hit = 0;
        for (int i = 0; i < n; i++) if (InSupport(v[2 * i], v[2 * i + 1])) hit++;
        return n == 0 ? double.NaN : (double)hit / n;
    }
}
