using System.Globalization;
using Grader.Figures;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Heidelberg sheet 10, ex. 1(a): "visualize the backwards trajectory in a video (submit small plots of the first,
/// last and two intermediate frames)". Four panels of a reverse trajectory [S + 1, N, d] (the samplers'
/// <c>Trajectory</c>: latents first, samples last): the latents, two intermediate states and the samples, optionally
/// over the data in light grey. All panels share one range and an equal aspect, so the shrinking from N(0, I) onto the
/// data is visible. Only the first two data dimensions are drawn.
/// </summary>
public static class TrajectoryFramesFigure
{
    /// <summary>Background data points drawn per panel at most (evenly strided), to keep the SVG small.</summary>
    public const int DefaultMaxDataPoints = 1200;

    /// <summary>Light grey of the background data.</summary>
    public const string DataColor = "#c8c8c8";

    /// <summary>
    /// The frames shown by default for a trajectory of <paramref name="frameCount"/> = S + 1 states: 0, ½S, ⅘S and S.
    /// With T = 250 and the linear schedule the data appear only in the last fifth of the chain (ᾱ at t = 125 is
    /// 0.53, at t = 50 it is 0.90), so the intermediate frames sit there rather than at the thirds.
    /// </summary>
    public static int[] DefaultFrames(int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        var s = frameCount - 1;
        return new[] { 0, (int)Math.Round(0.5 * s), (int)Math.Round(0.8 * s), s }.Distinct().ToArray();
    }

    /// <param name="trajectory">The reverse trajectory [S + 1, N, d ≥ 2], latents first and samples last.</param>
    /// <param name="data">Optional data [M, d ≥ 2] drawn in light grey under every panel.</param>
    /// <param name="title">Figure title; null for the default.</param>
    /// <param name="frames">Frame indices to show (0 … S); null for <see cref="DefaultFrames"/>.</param>
    /// <param name="color">Colour of the trajectory's points.</param>
    /// <param name="maxDataPoints">Background points per panel at most.</param>
    public static Figure Create(Tensor trajectory, Tensor? data = null, string? title = null, IReadOnlyList<int>? frames = null,
        string color = Palette.Blue, int maxDataPoints = DefaultMaxDataPoints)
    {
        var all = FigureInput.Frames(trajectory, nameof(trajectory));
        var shown = SelectFrames(all.Length, frames);
        var background = FigureInput.Background(data, maxDataPoints, nameof(data));
        var n = all[0].Xs.Length;
        return Panels(all, shown, background, title ?? "Reverse process: latents, two intermediate states, samples",
            (ax, f) => ax.Scatter(f.Xs, f.Ys, color, radius: n > 2000 ? 1.2 : 1.8, opacity: 0.75));
    }

    /// <summary>Checks the requested frame indices against a trajectory of <paramref name="frameCount"/> states.</summary>
    internal static int[] SelectFrames(int frameCount, IReadOnlyList<int>? frames)
    {
        var shown = frames?.ToArray() ?? DefaultFrames(frameCount);
        if (shown.Length == 0) throw new ArgumentException("At least one frame must be shown.", nameof(frames));
        if (shown.Length > 16) throw new ArgumentException($"At most 16 frames can be shown, got {shown.Length}.", nameof(frames));
        foreach (var f in shown)
            if ((uint)f >= (uint)frameCount)
                throw new ArgumentOutOfRangeException(nameof(frames), f, $"The trajectory has frames 0 … {frameCount - 1}.");
        return shown;
    }

    /// <summary>One panel per shown frame, with shared limits, the background data and <paramref name="draw"/> for the points.</summary>
    internal static Figure Panels(Frame[] all, int[] shown, Frame? background, string title, Action<Axes, Frame> draw)
    {
        var fig = new Figure(1, shown.Length) { Title = title, PanelWidth = 260, PanelHeight = 260 };
        var sets = shown.Select(f => all[f]).ToList();
        if (background is { } b) sets.Add(b);
        var limits = FigureInput.Limits(sets);
        var last = all.Length - 1;
        for (var k = 0; k < shown.Length; k++)
        {
            var f = shown[k];
            var ax = fig[k];
            if (background is { } bg) ax.Scatter(bg.Xs, bg.Ys, DataColor, radius: 1.2, opacity: 0.6);
            draw(ax, all[f]);
            ax.EqualAspect = true;
            if (limits is { } l) ax.SetLimits(l.XMin, l.XMax, l.YMin, l.YMax);
            ax.SetLabels(FrameTitle(f, last), "x₁", k == 0 ? "x₂" : null);
        }
        return fig;
    }

    /// <summary>"latents (step 0/250)", "step 125/250", "samples (step 250/250)".</summary>
    internal static string FrameTitle(int frame, int last)
    {
        var step = string.Create(CultureInfo.InvariantCulture, $"step {frame}/{last}");
        return last == 0 ? $"latents = samples ({step})"
            : frame == 0 ? $"latents ({step})"
            : frame == last ? $"samples ({step})"
            : step;
    }
}
