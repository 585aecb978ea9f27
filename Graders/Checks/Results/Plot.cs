namespace Grader.Checks.Results;

/// <summary>
/// A figure a check attaches to its result for the feedback (the hand-in's samples over the data, trajectory frames,
/// interpolation paths, true-versus-predicted noise). Plain numbers, so it crosses the worker boundary as JSON; the
/// reporters draw it. A check keeps a plot small (at most <see cref="MaxPoints"/> points over all series).
/// </summary>
/// <param name="Title">What the plot shows, in the sheet's words.</param>
/// <param name="XLabel">The x axis.</param>
/// <param name="YLabel">The y axis.</param>
/// <param name="Series">The point clouds and lines, drawn in order.</param>
/// <param name="EqualAspect">True when x and y are the same quantity (2-D data): one unit is as long on both axes.</param>
public sealed record Plot(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, bool EqualAspect = false)
{
    /// <summary>The most points a plot may carry over all its series (the worker drops larger plots).</summary>
    public const int MaxPoints = 4000;

    /// <summary>Points over all series.</summary>
    public int PointCount => Series.Sum(s => s.X.Count);
}
