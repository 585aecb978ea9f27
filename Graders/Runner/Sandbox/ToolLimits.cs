namespace Grader.Runner.Sandbox;

/// <summary>
/// The limits of one run of a fixed system program on a student's file (<see cref="SandboxedTool"/>): processor time,
/// address space, tasks and file size by <c>prlimit</c> inside, wall time and output watched from outside.
/// </summary>
/// <param name="CpuSeconds">Processor time (RLIMIT_CPU); the kernel kills it past this.</param>
/// <param name="AddressSpaceBytes">Address space (RLIMIT_AS): its memory, mapped files included.</param>
/// <param name="WallTime">Wall time; killed from outside past this.</param>
/// <param name="OutputBytes">The most bytes it may write to stdout; killed from outside past this.</param>
public sealed record ToolLimits(int CpuSeconds, long AddressSpaceBytes, TimeSpan WallTime, long OutputBytes)
{
    /// <summary>Processes and threads one tool run may have.</summary>
    public const int MaxTasks = 32;

    /// <summary>What a PDF page render or text extraction gets: 20 s of processor time, 1 GiB, 30 s, 32 MiB of output.</summary>
    public static ToolLimits Pdf { get; } = new(20, 1L << 30, TimeSpan.FromSeconds(30), 32L << 20);

    /// <summary>The options of <c>prlimit</c> that set these limits.</summary>
    public IReadOnlyList<string> PrlimitOptions() =>
    [
        string.Create(CultureInfo.InvariantCulture, $"--cpu={CpuSeconds}"),
        string.Create(CultureInfo.InvariantCulture, $"--as={AddressSpaceBytes}"),
        string.Create(CultureInfo.InvariantCulture, $"--nproc={MaxTasks}"),
        string.Create(CultureInfo.InvariantCulture, $"--fsize={SandboxPolicy.FileBytes}"),
        "--core=0",
    ];
}
