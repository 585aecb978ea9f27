namespace Grader.Reference.Gan;

/// <summary>
/// A regular grid of cells in d dimensions, for integrals by the midpoint rule: ∫ f ≈ Σ over cells f(centre)·<see
/// cref="CellVolume"/>. Cells are ordered row-major (the last dimension fastest), as a tensor of shape <see cref="Counts"/>.
/// </summary>
/// <param name="Lower">The lower corner of the grid, one value per dimension.</param>
/// <param name="Upper">The upper corner, each &gt; its lower.</param>
/// <param name="Counts">Cells per dimension, each ≥ 1.</param>
public sealed record RegularGrid(double[] Lower, double[] Upper, int[] Counts)
{
    /// <summary>A 1-D grid of <paramref name="count"/> cells on [lower, upper].</summary>
    public static RegularGrid Line(double lower, double upper, int count) => Validated(new([lower], [upper], [count]));

    /// <summary>A 2-D grid of count × count cells on [lower, upper]².</summary>
    public static RegularGrid Square(double lower, double upper, int count) => Validated(new([lower, lower], [upper, upper], [count, count]));

    public int Dimensions => Counts.Length;

    /// <summary>The number of cells.</summary>
    public int Size => Counts.Aggregate(1, (a, c) => checked(a * c));

    /// <summary>The width of a cell in dimension k.</summary>
    public double Step(int k) => (Upper[k] - Lower[k]) / Counts[k];

    /// <summary>The volume of one cell, Π_k step_k.</summary>
    public double CellVolume => Enumerable.Range(0, Dimensions).Aggregate(1.0, (v, k) => v * Step(k));

    /// <summary>The centre of cell <paramref name="index"/> (row-major).</summary>
    public double[] Centre(int index)
    {
        var x = new double[Dimensions];
        for (int k = Dimensions - 1; k >= 0; k--)
        {
            int i = index % Counts[k];
            index /= Counts[k];
            x[k] = Lower[k] + (i + 0.5) * Step(k);
        }
        return x;
    }

    /// <summary><paramref name="density"/> at every cell centre, row-major.</summary>
    public double[] Tabulate(Func<double[], double> density)
    {
        ArgumentNullException.ThrowIfNull(density);
        var values = new double[Size];
        for (int i = 0; i < values.Length; i++) values[i] = density(Centre(i));
        return values;
    }

    private static RegularGrid Validated(RegularGrid g)
    {
        for (int k = 0; k < g.Dimensions; k++)
        {
            if (g.Counts[k] < 1) throw new ArgumentOutOfRangeException(nameof(Counts), g.Counts[k], "A grid needs at least one cell per dimension.");
            if (!(g.Upper[k] > g.Lower[k]) || !double.IsFinite(g.Lower[k]) || !double.IsFinite(g.Upper[k]))
                throw new ArgumentException($"Dimension {k}: the grid needs finite bounds with lower < upper, got [{g.Lower[k]}, {g.Upper[k]}].");
        }
        return g;
    }
}
