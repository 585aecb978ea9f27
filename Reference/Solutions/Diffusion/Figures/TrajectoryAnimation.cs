using Grader.Figures;
using Grader.Tensors;

namespace Grader.Reference.Diffusion.Figures;

/// <summary>
/// Heidelberg sheet 10, ex. 1(a): the "video" of the backward trajectory, as one animated SVG (SMIL; it plays in any
/// browser, also inside an <c>&lt;img&gt;</c>; static viewers show the latents). Every point moves from its latent to
/// its sample; the last state is held for a fifth of the loop. Coordinates are whole pixels (the browser interpolates
/// between frames), and frames are thinned evenly (the last always kept) so that the file stays under
/// <see cref="DefaultMaxBytes"/>: 1000 points × 251 frames keep every second frame (about 1.5 MB).
/// </summary>
public static class TrajectoryAnimation
{
    /// <summary>The size the animation aims to stay under, in bytes.</summary>
    public const long DefaultMaxBytes = 1_900_000;

    /// <summary>Background data points drawn at most.</summary>
    public const int DefaultMaxDataPoints = 1500;

    /// <summary>Length of one loop in seconds (including the hold at the end).</summary>
    public const double LoopSeconds = 10;

    // Measured on the output: with whole-pixel coordinates each kept frame costs about 8 bytes per point ("123;" for cx
    // and for cy), each point about 190 bytes of fixed markup, each background point about 60 bytes, the rest of the
    // figure (axes, ticks, labels) well under 60 kB.
    private const double BytesPerPointFrame = 8.5;
    private const double BytesPerPoint = 190;
    private const double FixedBytes = 60_000;
    private const double BytesPerDataPoint = 60;

    /// <param name="trajectory">The reverse trajectory [S + 1, N, d ≥ 2], latents first and samples last.</param>
    /// <param name="data">Optional data [M, d ≥ 2] drawn in light grey behind the points.</param>
    /// <param name="title">Figure title; null for the default.</param>
    /// <param name="color">Colour of the moving points.</param>
    /// <param name="maxBytes">Approximate size limit; decides the frame thinning.</param>
    public static Figure Create(Tensor trajectory, Tensor? data = null, string? title = null, string color = Palette.Blue,
        long maxBytes = DefaultMaxBytes)
    {
        var frames = FigureInput.Frames(trajectory, nameof(trajectory));
        return Build(frames, FigureInput.Background(data, DefaultMaxDataPoints, nameof(data)),
            title ?? "Reverse process, latents to samples (animated)", maxBytes,
            step => new AnimationOptions { FrameStep = step, Color = color, Radius = frames[0].Xs.Length > 2000 ? 1.3 : 1.8, Opacity = 0.8 });
    }

    /// <summary>
    /// The frame step that keeps an animation of <paramref name="points"/> points over <paramref name="frames"/> frames
    /// (plus the end hold) under <paramref name="maxBytes"/>; at least 1. Without background data.
    /// </summary>
    public static int FrameStepFor(int points, int frames, long maxBytes = DefaultMaxBytes) => FrameStepFor(points, frames, maxBytes, 0);

    internal static int FrameStepFor(int points, int frames, long maxBytes, int dataPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        var budget = maxBytes - FixedBytes - BytesPerPoint * points - BytesPerDataPoint * dataPoints;
        for (var step = 1; step < frames; step++)
        {
            var kept = KeptFrames(frames, step);
            if (points * (kept + HoldFrames(kept)) * BytesPerPointFrame <= budget) return step;
        }
        return Math.Max(1, frames - 1); // first and last frame only
    }

    /// <summary>Frames kept with a given step: 0, step, 2·step, … and the last.</summary>
    public static int KeptFrames(int frames, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        return (frames - 1) / step + 1 + ((frames - 1) % step == 0 ? 0 : 1);
    }

    /// <summary>Copies of the last frame appended: a quarter of the kept frames (a fifth of the loop).</summary>
    public static int HoldFrames(int kept) => kept / 4;

    internal static Figure Build(Frame[] frames, Frame? background, string title, long maxBytes, Func<int, AnimationOptions> options)
    {
        var n = frames[0].Xs.Length;
        var step = FrameStepFor(n, frames.Length, maxBytes, background?.Xs.Length ?? 0);
        var o = options(step);
        o = new AnimationOptions
        {
            FrameStep = step,
            DurationSeconds = LoopSeconds,
            HoldEndFrames = HoldFrames(KeptFrames(frames.Length, step)),
            Decimals = 0,
            Radius = o.Radius,
            Opacity = o.Opacity,
            Color = o.Color,
            Values = o.Values,
            Colormap = o.Colormap,
            ValueMin = o.ValueMin,
            ValueMax = o.ValueMax,
            ColorbarLabel = o.ColorbarLabel,
            ShowColorbar = o.ShowColorbar,
            Label = o.Label,
        };
        var fig = new Figure(1, 1) { Title = title, PanelWidth = 420, PanelHeight = 420 };
        var ax = fig[0];
        var sets = frames.ToList();
        if (background is { } b)
        {
            sets.Add(b);
            ax.Scatter(b.Xs, b.Ys, TrajectoryFramesFigure.DataColor, radius: 1.2, opacity: 0.6);
        }
        ax.AnimatedScatter(frames.Select(f => f.Xs).ToArray(), frames.Select(f => f.Ys).ToArray(), o);
        ax.EqualAspect = true;
        if (FigureInput.Limits(sets) is { } l) ax.SetLimits(l.XMin, l.XMax, l.YMin, l.YMax);
        var kept = KeptFrames(frames.Length, step);
        ax.SetLabels(step == 1 ? $"all {kept} states, {LoopSeconds:0} s loop" : $"{kept} of {frames.Length} states (every {step}), {LoopSeconds:0} s loop", "x₁", "x₂");
        return fig;
    }
}
