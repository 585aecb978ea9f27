namespace Grader.Runner;

/// <summary>The limits a worker runs under. The grader enforces them from outside; the hand-in cannot lift them.</summary>
/// <param name="CheckTime">Wall time one check may take before its worker is killed (the remaining checks run in a fresh one).</param>
/// <param name="HandinTime">Wall time all of one hand-in's workers may take together.</param>
/// <param name="HeapBytes">The .NET heap limit of a worker (DOTNET_GCHeapHardLimit); beyond it the hand-in gets OutOfMemoryException.</param>
/// <param name="OutputBytes">Bytes a worker may write to stdout and stderr together before it is killed.</param>
/// <param name="Restarts">Fresh workers after a timeout or crash, per hand-in; after that the remaining checks fail unrun.</param>
public sealed record WorkerLimits(TimeSpan CheckTime, TimeSpan HandinTime, long HeapBytes, long OutputBytes, int Restarts)
{
    /// <summary>60 s per check, 20 min per hand-in, 2 GiB of heap, 64 MiB of output, 8 restarts, 3 s of CPU per call.</summary>
    public static readonly WorkerLimits Default = new(TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(20), 2L << 30, 64L << 20, 8);

    /// <summary>
    /// The host CPU time one call into the hand-in may use (<see cref="CallCpu"/> says which calls, and why this is
    /// fair under load); null: no CPU budget, only <see cref="CheckTime"/>. Default 3 s.
    /// </summary>
    public TimeSpan? CallCpuBudget { get; init; } = CallCpu.DefaultBudget;
}
