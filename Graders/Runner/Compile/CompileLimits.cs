namespace Grader.Runner.Compile;

/// <summary>What one hand-in's compilation may cost before it is stopped and the hand-in counts as not compiling.</summary>
/// <param name="Time">Processor time per hand-in (an honest hand-in compiles warm in well under a second); ten times as much wall time stops it too.</param>
/// <param name="HeapBytes">The compile server's .NET heap (DOTNET_GCHeapHardLimit); an honest hand-in needs about 200 MiB.</param>
public sealed record CompileLimits(TimeSpan Time, long HeapBytes)
{
    /// <summary>60 s and 1 GiB.</summary>
    public static readonly CompileLimits Default = new(TimeSpan.FromSeconds(60), 1L << 30);
}
