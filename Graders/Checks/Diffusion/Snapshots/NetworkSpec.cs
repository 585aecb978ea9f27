using Grader.Checks.Diffusion.Support;

namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>
/// The fixed ε-network of a snapshot (<see cref="FixedEpsilonNetwork"/>): its seed, sizes and the time convention of
/// the task — "raw-index" (Heidelberg: t = 0 … T − 1, scaled by 1/T inside the network) or "t/T" (DTU: the hand-in
/// passes t/T, used as is).
/// </summary>
public sealed record NetworkSpec(ulong Seed, int Dim, int Hidden, string Time)
{
    public const string RawIndex = "raw-index";
    public const string Normalised = "t/T";

    /// <summary>A fresh network (its own record of time inputs) for a schedule of <paramref name="T"/> steps.</summary>
    public FixedEpsilonNetwork Create(int T) => new(Dim, Seed, TimeScale(T), Hidden);

    /// <summary>The factor the network applies to its time input.</summary>
    public float TimeScale(int T) => Time switch
    {
        RawIndex => 1f / T,
        Normalised => 1f,
        _ => throw new NotSupportedException($"time convention '{Time}' is not known to the checks"),
    };
}
