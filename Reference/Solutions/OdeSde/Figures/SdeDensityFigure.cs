using Grader.Figures;
using Grader.Reference.Data;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.OdeSde.Figures;

/// <summary>
/// <c>SDE.ipynb</c>'s figures in three flat panels. Left, at t = 1: the true density, the data's histogram, the
/// histogram of the model's samples (Euler–Maruyama, then y ~ N(x₁, β²)) and exp(ELBO(y)), the bound on the model's
/// density (the mean ELBO of each y over <see cref="BoundDraws"/> draws of t and ε). Middle: 10 backward paths of the
/// variational backward SDE from data (red) and 10 forward paths (purple). Right: the data's mean ELBO as a function of
/// t (<c>estimate_elbo_grid</c>'s plot), with its average.
/// </summary>
public static class SdeDensityFigure
{
    /// <summary>Draws of t and ε per y for the bound curve.</summary>
    public const int BoundDraws = 200;

    public static Figure Create(SdeModel model, TrainingSetWithLogLikelihood set, Tensor data, Generator generator, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(generator);
        OdeLogLikelihood.CheckData(data);
        const int points = 101;
        var ys = Enumerable.Range(0, points).Select(i => -10 + 20.0 * i / (points - 1)).ToArray();
        var repeated = tensor(ys.SelectMany(y => Enumerable.Repeat(y, BoundDraws)).ToArray(), points * BoundDraws, 1);
        double[] perDraw;
        using (no_grad()) perDraw = SdeElbo.Compute(model, repeated, new GeneratorElboNoise(generator)).Elbo.ToDoubleArray();
        var bound = Enumerable.Range(0, points).Select(i => Math.Exp(perDraw.Skip(i * BoundDraws).Take(BoundDraws).Average())).ToArray();
        var (samples, forward) = SdePaths.Forward(model, data.size(0), generator);
        var backward = SdePaths.Backward(model, data, generator, variational: true);
        var (times, meanElbo, average) = SdeElbo.OnTimeGrid(model, data, generator);

        var fig = new Figure(1, 3) { Title = title ?? $"SDE model on {set.Distribution} data", PanelWidth = 320, PanelHeight = 280 };
        var left = fig[0];
        var (dx, dy) = DensityHistogram.Steps(data.ToDoubleArray());
        var (sx, sy) = DensityHistogram.Steps(samples.ToDoubleArray());
        left.Line(dx, dy, Palette.Blue, width: 1.2, label: "training data (histogram)");
        left.Line(sx, sy, Palette.Orange, width: 1.2, label: "generated data (histogram)");
        left.Line(ys, ys.Select(y => Math.Exp(set.LogDensity(y))).ToArray(), Palette.Black, width: 1.5, dashed: true, label: "true density");
        left.Line(ys, bound, Palette.Green, width: 2, label: "exp(ELBO(y))");
        left.SetLabels("densities at t = 1", "y", "density");
        left.XLimits = (-10, 10);

        var middle = fig[1];
        var grid = new TimeGrid().Times();
        foreach (var (path, i) in OdeDensityFigure.Paths(backward).Select((p, i) => (p, i)))
            middle.Line(grid, path, Palette.Red, width: 1, label: i == 0 ? "backward SDE paths" : null);
        foreach (var (path, i) in OdeDensityFigure.Paths(forward).Select((p, i) => (p, i)))
            middle.Line(grid, path, Palette.Purple, width: 1, label: i == 0 ? "forward SDE paths" : null);
        middle.SetLabels("paths x(t)", "t", "x(t)");
        middle.YLimits = (-10, 10);

        var right = fig[2];
        right.Line(times, meanElbo, Palette.Blue, width: 1.5, label: "SDE ELBO as a function of t");
        right.Line([0, 1], [average, average], Palette.Grey, width: 1, dashed: true, label: $"average {average:F3}");
        right.SetLabels("ELBO(t) on the data", "t", "ELBO");
        return fig;
    }
}
