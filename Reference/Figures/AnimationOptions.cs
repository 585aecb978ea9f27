namespace Grader.Figures;

/// <summary>Settings for <see cref="Axes.AnimatedScatter(IReadOnlyList{double[]}, IReadOnlyList{double[]}, AnimationOptions?)"/>.</summary>
public sealed class AnimationOptions
{
    /// <summary>Keep every k-th frame (0, k, 2k, …); the last frame is always kept. Reduces file size.</summary>
    public int FrameStep { get; init; } = 1;

    /// <summary>Length of one pass through the kept frames, in seconds; the animation repeats indefinitely.</summary>
    public double DurationSeconds { get; init; } = 8;

    /// <summary>Extra copies of the last frame appended so the final state pauses before the loop restarts.</summary>
    public int HoldEndFrames { get; init; }

    /// <summary>Decimals kept in pixel coordinates (1 = 0.1 px; keeps files small).</summary>
    public int Decimals { get; init; } = 1;

    public double Radius { get; init; } = 2;
    public double Opacity { get; init; } = 0.8;

    /// <summary>Fixed colour; null takes the panel's next palette colour. Ignored when <see cref="Values"/> is set.</summary>
    public string? Color { get; init; }

    /// <summary>Optional per-point values (one per point) mapped through <see cref="Colormap"/>.</summary>
    public double[]? Values { get; init; }

    /// <summary>Colormap for <see cref="Values"/> (default viridis).</summary>
    public Colormap? Colormap { get; init; }

    public double? ValueMin { get; init; }
    public double? ValueMax { get; init; }
    public string? ColorbarLabel { get; init; }
    public bool ShowColorbar { get; init; } = true;

    /// <summary>Legend text (fixed-colour animations only).</summary>
    public string? Label { get; init; }
}
