using System.Globalization;
using Grader.Figures;
using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde.Figures;

/// <summary>
/// <c>ODE.ipynb</c>'s <c>visualize_paths_and_marginals</c> in two flat panels instead of one 3-D plot. Left, the
/// densities at t = 1: the true density p(y) of the data set, the model's exact density (log p by rk4), the data's
/// histogram and the histogram of the model's samples (50 bins over [−10, 10], as the notebook). Right, x(t) against t
/// for 10 backward paths from data (red) and 10 forward paths from prior draws (purple).
/// </summary>
public static class OdeDensityFigure
{
    /// <summary>Paths drawn per direction, as the notebook (<c>min(10, n_samples)</c>).</summary>
    public const int PathsShown = 10;

    /// <summary>Computes everything from the drift and draws it: model density on 401 points of [−10, 10], samples and forward paths from <paramref name="generator"/>.</summary>
    /// <param name="data">Data y [N, 1] (the notebook plots the validation set).</param>
    public static Figure Create(ITimeDependentFunction drift, TrainingSetWithLogLikelihood set, Tensor data, Generator generator, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(drift);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(generator);
        OdeLogLikelihood.CheckData(data);
        const int points = 401;
        var ys = linspace(-10, 10, points).reshape(points, 1);
        double[] modelDensity;
        using (no_grad()) modelDensity = OdeLogLikelihood.Compute(drift, ys, OdeMethod.Rk4).ToDoubleArray().Select(Math.Exp).ToArray();
        var grid = ys.ToDoubleArray();
        var forward = OdePaths.Forward(drift, randn([data.size(0), 1], generator));
        var backward = OdePaths.Backward(drift, data);
        return Create(grid, grid.Select(y => Math.Exp(set.LogDensity(y))).ToArray(), modelDensity, data.ToDoubleArray(),
            forward.select(0, forward.size(0) - 1).ToDoubleArray(), new TimeGrid(forward.size(0)).Times(), Paths(backward), Paths(forward),
            title ?? $"ODE model on {set.Distribution} data");
    }

    /// <summary>Draws given values: densities on <paramref name="ys"/>, data and samples as histograms, paths as [path][time].</summary>
    public static Figure Create(double[] ys, double[] trueDensity, double[] modelDensity, IReadOnlyList<double> data, IReadOnlyList<double> samples,
        double[] times, IReadOnlyList<double[]> backwardPaths, IReadOnlyList<double[]> forwardPaths, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(trueDensity);
        ArgumentNullException.ThrowIfNull(modelDensity);
        ArgumentNullException.ThrowIfNull(times);
        if (trueDensity.Length != ys.Length || modelDensity.Length != ys.Length)
            throw new ArgumentException($"the densities need one value per y ({ys.Length}); got {trueDensity.Length} and {modelDensity.Length}");
        var fig = new Figure(1, 2) { Title = title ?? "ODE model", PanelWidth = 380, PanelHeight = 300 };
        var left = fig[0];
        var (dx, dy) = DensityHistogram.Steps(data);
        var (sx, sy) = DensityHistogram.Steps(samples);
        left.Line(dx, dy, Palette.Blue, width: 1.2, label: "training data (histogram)");
        left.Line(sx, sy, Palette.Orange, width: 1.2, label: "generated data (histogram)");
        left.Line(ys, trueDensity, Palette.Black, width: 1.5, dashed: true, label: "true density");
        left.Line(ys, modelDensity, Palette.Green, width: 2, label: "model density (rk4)");
        left.SetLabels("densities at t = 1", "y", "density");
        left.XLimits = (-10, 10);

        var right = fig[1];
        foreach (var (path, i) in backwardPaths.Take(PathsShown).Select((p, i) => (p, i)))
            right.Line(times, CheckPath(path, times, "backward"), Palette.Red, width: 1, label: i == 0 ? "backward paths (dt < 0)" : null);
        foreach (var (path, i) in forwardPaths.Take(PathsShown).Select((p, i) => (p, i)))
            right.Line(times, CheckPath(path, times, "forward"), Palette.Purple, width: 1, label: i == 0 ? "forward paths (dt > 0)" : null);
        right.SetLabels("paths x(t)", "t", "x(t)");
        right.YLimits = (-10, 10);
        return fig;
    }

    /// <summary>The first <see cref="PathsShown"/> paths of a [points, N, 1] path tensor, each over time.</summary>
    public static double[][] Paths(Tensor path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.dim() != 3 || path.size(2) != 1) throw new ArgumentException($"paths must be [points, N, 1], got [{string.Join(", ", path.shape)}]", nameof(path));
        int points = path.size(0), n = Math.Min(path.size(1), PathsShown);
        var flat = path.detach().contiguous().ToDoubleArray();
        return Enumerable.Range(0, n).Select(i => Enumerable.Range(0, points).Select(k => flat[k * path.size(1) + i]).ToArray()).ToArray();
    }

    private static double[] CheckPath(double[] path, double[] times, string which) =>
        path.Length == times.Length ? path : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a {which} path has {path.Length} points for {times.Length} times"));
}
