using Grader.Figures;
using Grader.Reference.Data;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Generated samples on top of the data set (light grey), and, when the true density is known (the Gaussian mixture),
/// a second panel with the samples over that density as a heat map. Both panels share one range and an equal aspect.
/// Only the first two dimensions are drawn.
/// </summary>
public static class SamplesOverDataFigure
{
    /// <summary>Data points drawn at most (evenly strided).</summary>
    public const int DefaultMaxDataPoints = 4000;

    /// <param name="samples">Generated samples [N, d ≥ 2].</param>
    /// <param name="data">Optional data [M, d ≥ 2], drawn in light grey under the samples.</param>
    /// <param name="density">Optional true density p(x₁, x₂) (need not be normalised), drawn as a heat map in a second panel.</param>
    /// <param name="title">Figure title; null for the default.</param>
    /// <param name="samplesLabel">Legend text of the samples.</param>
    /// <param name="maxDataPoints">Data points drawn at most.</param>
    public static Figure Create(Tensor samples, Tensor? data = null, Func<double, double, double>? density = null, string? title = null,
        string samplesLabel = "samples", int maxDataPoints = DefaultMaxDataPoints)
    {
        var s = FigureInput.Columns(samples, nameof(samples), minDim: 2);
        var points = new Frame(s[0], s[1]);
        var background = FigureInput.Background(data, maxDataPoints, nameof(data));
        var fig = new Figure(1, density is null ? 1 : 2) { Title = title ?? "Samples over the data", PanelWidth = 340, PanelHeight = 340 };
        var sets = new List<Frame> { points };
        if (background is { } b) sets.Add(b);
        var limits = FigureInput.Limits(sets);
        var radius = s[0].Length > 2000 ? 1.3 : 1.8;

        var ax = fig[0];
        if (background is { } bg) ax.Scatter(bg.Xs, bg.Ys, TrajectoryFramesFigure.DataColor, radius: 1.3, opacity: 0.7, label: "data");
        ax.Scatter(points.Xs, points.Ys, Palette.Blue, radius: radius, opacity: 0.75, label: samplesLabel);
        ax.SetLabels(background is null ? samplesLabel : $"{samplesLabel} over the data", "x₁", "x₂");
        Square(ax, limits);

        if (density is not null)
        {
            var dx = fig[1];
            var (x0, x1, y0, y1) = limits ?? (-3.0, 3.0, -3.0, 3.0);
            dx.Density(density, (x0, x1), (y0, y1), resolution: 120, colorbar: true, colorbarLabel: "true density");
            dx.Scatter(points.Xs, points.Ys, Palette.Orange, radius: radius, opacity: 0.75, label: samplesLabel);
            dx.SetLabels($"{samplesLabel} over the true density", "x₁", null);
            Square(dx, limits);
        }
        return fig;
    }

    /// <summary>As <see cref="Create(Tensor, Tensor?, Func{double, double, double}?, string?, string, int)"/>, with the density of a Gaussian mixture.</summary>
    public static Figure Create(Tensor samples, Tensor? data, GaussianMixture density, string? title = null,
        string samplesLabel = "samples", int maxDataPoints = DefaultMaxDataPoints)
    {
        ArgumentNullException.ThrowIfNull(density);
        if (density.Dim != 2) throw new ArgumentException($"The density must be 2-D to be drawn, got {density.Dim}-D.", nameof(density));
        return Create(samples, data, (x, y) => Math.Exp(density.LogProb([x, y])), title, samplesLabel, maxDataPoints);
    }

    private static void Square(Axes ax, (double XMin, double XMax, double YMin, double YMax)? limits)
    {
        ax.EqualAspect = true;
        if (limits is { } l) ax.SetLimits(l.XMin, l.XMax, l.YMin, l.YMax);
    }
}
