using Grader.Checks.Checking;

namespace Grader.Runner;

/// <summary>
/// What one worker is asked to do: host the hand-in compiled by the grader (the image and its symbols, so the host needs
/// neither a compiler nor any view of the tutor's folders) and answer the due checks of the run's frozen configuration
/// that have no verdict yet.
/// </summary>
/// <param name="Student">The student (for messages only).</param>
/// <param name="Image">The hand-in's assembly, as the grader compiled it.</param>
/// <param name="Symbols">Its portable PDB (file and line in the hand-in's stack traces).</param>
/// <param name="Config">The run's configuration: the catalog, the assignment, the due checks, the seed and the snapshots.</param>
/// <param name="Skip">Keys (<see cref="WorkerProtocol.Key"/>) of checks not to run: they reported in an earlier worker.</param>
/// <param name="Refused">Calls into the hand-in that used up a limit in an earlier worker (timed out, over their CPU budget, out of memory): a check that makes one again is stopped there and fails (<see cref="ExhaustedCall"/>).</param>
public sealed record WorkerJob(string Student, byte[] Image, byte[]? Symbols, GradingConfig Config, IReadOnlyList<string> Skip, IReadOnlyList<ExhaustedCall>? Refused = null)
{
    /// <summary><see cref="Refused"/>, never null.</summary>
    public IReadOnlyList<ExhaustedCall> RefusedCalls => Refused ?? [];

    /// <summary>Whether a check that trains (<see cref="ITrainingCheck"/>) is due in this job: due in the configuration and not in <see cref="Skip"/>.</summary>
    public bool Trains => Config.Due.Any(d => d.Check.Check is ITrainingCheck && !Skip.Contains(WorkerProtocol.Key(d.Task.Id, d.Check.Check.Id), StringComparer.Ordinal));
}
