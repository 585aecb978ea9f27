namespace Grader.Checks.Results;

/// <summary>How a <see cref="PlotSeries"/> is drawn.</summary>
public enum PlotStyle
{
    /// <summary>One dot per point.</summary>
    Points,

    /// <summary>A line through the points in order (a path, a trajectory, y = x).</summary>
    Line,
}
