namespace Grader.Reference.OdeSde;

/// <summary>
/// The notebooks' time grid <c>torch.linspace(0, 1, points)</c> (100 points: 99 steps of 1/99), in double:
/// t_k = k/(points − 1). A forward solve steps from t_k to t_{k+1}, a backward solve from t_k to t_{k−1}; each step
/// starts at its grid point.
/// </summary>
public sealed class TimeGrid
{
    /// <summary>The notebooks' number of grid points.</summary>
    public const int NotebookPoints = 100;

    public TimeGrid(int points = NotebookPoints)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "the time grid needs at least 2 points");
        Points = points;
    }

    public int Points { get; }

    /// <summary>Number of steps, points − 1.</summary>
    public int Steps => Points - 1;

    /// <summary>The step 1/(points − 1).</summary>
    public double Step => 1.0 / Steps;

    /// <summary>t_k = k/(points − 1), k = 0 … points − 1.</summary>
    public double this[int k] => k == Steps ? 1.0 : (double)k / Steps;

    /// <summary>All grid times, ascending.</summary>
    public double[] Times() => Enumerable.Range(0, Points).Select(k => this[k]).ToArray();
}
