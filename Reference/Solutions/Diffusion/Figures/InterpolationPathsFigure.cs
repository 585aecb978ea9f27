using Grader.Figures;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Heidelberg sheet 10, ex. 1(b)–(e): the reverse trajectory of a latent interpolation
/// (<see cref="LatentInterpolation.Run"/>: [S + 1, N, d], points ordered along the latent line), "connect neighboring
/// points in your interpolation". The same four frames as <see cref="TrajectoryFramesFigure"/>, with the points joined
/// in order by a line coloured along the path (viridis by index, colourbar on the last panel), so one sees whether
/// neighbours in latent space stay neighbours: with fresh DDPM noise per sample (b) the line scatters into a web
/// across the data; with the same noise (c) and with DDIM (d) it stays a curve through the data.
/// </summary>
public static class InterpolationPathsFigure
{
    /// <summary>Line pieces per path: each piece has the colour of its middle index.</summary>
    private const int ColourPieces = 60;

    /// <param name="trajectory">The interpolation's reverse trajectory [S + 1, N, d ≥ 2], latents first, samples last.</param>
    /// <param name="data">Optional data [M, d ≥ 2] drawn in light grey under every panel.</param>
    /// <param name="title">Figure title; null for the default.</param>
    /// <param name="frames">Frame indices to show; null for <see cref="TrajectoryFramesFigure.DefaultFrames"/>.</param>
    /// <param name="maxDataPoints">Background points per panel at most.</param>
    public static Figure Create(Tensor trajectory, Tensor? data = null, string? title = null, IReadOnlyList<int>? frames = null,
        int maxDataPoints = TrajectoryFramesFigure.DefaultMaxDataPoints)
    {
        var all = FigureInput.Frames(trajectory, nameof(trajectory));
        var shown = TrajectoryFramesFigure.SelectFrames(all.Length, frames);
        var background = FigureInput.Background(data, maxDataPoints, nameof(data));
        var lastPanel = shown.Length - 1;
        var panel = 0;
        return TrajectoryFramesFigure.Panels(all, shown, background, title ?? "Interpolation: reverse process of points along a latent line",
            (ax, f) => Draw(ax, f, panel++ == lastPanel));
    }

    /// <summary>
    /// Ex. 1(d) "compare the results to the previous methods": the final frame (the samples) of several interpolation
    /// trajectories side by side, one panel each, joined and coloured as in <see cref="Create"/>, with shared limits.
    /// </summary>
    /// <param name="runs">(panel title, trajectory [S + 1, N, d ≥ 2]) per method, e.g. DDPM, same noise, DDIM.</param>
    public static Figure Compare(IReadOnlyList<(string Label, Tensor Trajectory)> runs, Tensor? data = null, string? title = null,
        int maxDataPoints = TrajectoryFramesFigure.DefaultMaxDataPoints)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count is 0 or > 16) throw new ArgumentException($"Between 1 and 16 runs can be compared, got {runs.Count}.", nameof(runs));
        var finals = runs.Select((r, k) =>
        {
            var frames = FigureInput.Frames(r.Trajectory, $"runs[{k}].Trajectory");
            return frames[^1];
        }).ToArray();
        var background = FigureInput.Background(data, maxDataPoints, nameof(data));
        var panel = 0;
        var fig = TrajectoryFramesFigure.Panels(finals, Enumerable.Range(0, finals.Length).ToArray(), background,
            title ?? "Interpolation samples by method", (ax, f) => Draw(ax, f, panel++ == finals.Length - 1));
        for (var k = 0; k < runs.Count; k++) fig[k].Title = runs[k].Label;
        return fig;
    }

    /// <summary>
    /// The animated reverse process of the interpolation (see <see cref="TrajectoryAnimation"/>): every point coloured by
    /// its index along the latent line, so neighbours share a colour. The figure module animates points only, so the
    /// joining lines are shown in the static four frames (<see cref="Create"/>), not here.
    /// </summary>
    public static Figure Animation(Tensor trajectory, Tensor? data = null, string? title = null, long maxBytes = TrajectoryAnimation.DefaultMaxBytes)
    {
        var frames = FigureInput.Frames(trajectory, nameof(trajectory));
        var n = frames[0].Xs.Length;
        var index = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        return TrajectoryAnimation.Build(frames, FigureInput.Background(data, TrajectoryAnimation.DefaultMaxDataPoints, nameof(data)),
            title ?? "Interpolation, latents to samples (animated, coloured by index)", maxBytes,
            _ => new AnimationOptions
            {
                Values = index,
                Colormap = Colormap.Viridis,
                ValueMin = 0,
                ValueMax = Math.Max(1, n - 1),
                ColorbarLabel = "interpolation index",
                Radius = 1.8,
                Opacity = 0.9,
            });
    }

    /// <summary>The path (lines coloured by index) and the points on it, with the index colourbar if asked.</summary>
    private static void Draw(Axes ax, Frame f, bool colorbar)
    {
        var n = f.Xs.Length;
        var index = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        Path(ax, f);
        ax.ScatterByValue(f.Xs, f.Ys, index, Colormap.Viridis, 0, Math.Max(1, n - 1), "interpolation index",
            radius: 1.3, opacity: 0.9, colorbar: colorbar);
    }

    /// <summary>
    /// Joins the points in index order with pieces coloured by their middle index. Non-finite points break the line;
    /// only finite runs are handed to the plot, so each non-finite point is counted once (by the scatter on top).
    /// </summary>
    private static void Path(Axes ax, Frame f)
    {
        var n = f.Xs.Length;
        if (n < 2) return;
        var pieces = Math.Min(ColourPieces, n - 1);
        for (var p = 0; p < pieces; p++)
        {
            int from = (int)((long)p * (n - 1) / pieces), to = (int)((long)(p + 1) * (n - 1) / pieces);
            var colour = Colormap.Viridis.Hex((from + to) / 2.0 / (n - 1));
            var start = from;
            for (var i = from; i <= to + 1; i++)
            {
                if (i <= to && double.IsFinite(f.Xs[i]) && double.IsFinite(f.Ys[i])) continue;
                if (i - start >= 2) ax.Line(f.Xs[start..i], f.Ys[start..i], colour, width: 0.9);
                start = i + 1;
            }
        }
    }
}
