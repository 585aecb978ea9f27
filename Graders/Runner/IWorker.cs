namespace Grader.Runner;

/// <summary>
/// Runs one <see cref="WorkerJob"/> in a process of its own and reports what came back. The seam between grading and
/// isolation: a plain child process here, a sandboxed one where the platform offers it.
/// </summary>
public interface IWorker
{
    /// <summary>How hand-ins are isolated, for the run's record ("child process").</summary>
    string Name { get; }

    /// <summary>Runs the job; <paramref name="timeLeft"/> is what remains of the hand-in's time.</summary>
    Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken);
}
