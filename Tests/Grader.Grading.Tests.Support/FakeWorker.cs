namespace Grader.Grading.Tests.Support;

/// <summary>
/// A worker that runs nothing: for each job it reports a verdict for every check the job asks for (passed unless
/// <see cref="Verdict"/> says otherwise), or ends the way <see cref="Script"/> says. Counts the jobs it got.
/// </summary>
internal sealed class FakeWorker : IWorker
{
    private int _jobs;

    public string Name => "fake";

    public int Jobs => Volatile.Read(ref _jobs);

    public List<WorkerJob> Received { get; } = [];

    /// <summary>The outcome of a check for a student (default: passed).</summary>
    public Func<string, string, CheckOutcome> Verdict { get; set; } = (_, _) => CheckOutcome.Passed;

    /// <summary>The tutor's detail of a check's verdict for a student (default: none).</summary>
    public Func<string, string, string?> TutorDetail { get; set; } = (_, _) => null;

    /// <summary>When set, a job whose nth asked key (0-based) is returned here ends at that key with this end (for crashes and timeouts).</summary>
    public Func<WorkerJob, IReadOnlyList<string>, (int At, WorkerEnd End, int? ExitCode)?> Script { get; set; } = (_, _) => null;

    public Task<WorkerRun> RunAsync(WorkerJob job, WorkerLimits limits, TimeSpan timeLeft, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _jobs);
        lock (Received)
        {
            Received.Add(job);
        }

        var skip = job.Skip.ToHashSet(StringComparer.Ordinal);
        var asked = job.Config.Due
            .Where(x => !skip.Contains(WorkerProtocol.Key(x.Task.Id, x.Check.Check.Id)))
            .ToArray();
        var keys = asked.Select(a => WorkerProtocol.Key(a.Task.Id, a.Check.Check.Id)).ToArray();
        var stop = Script(job, keys);
        int count = stop?.At ?? asked.Length;
        var verdicts = asked.Take(count)
            .Select(a => new CheckVerdict(a.Task.Id, new CheckResult(a.Check.Check.Id, Verdict(job.Student, a.Check.Check.Id), "fake verdict", TutorDetail: TutorDetail(job.Student, a.Check.Check.Id)),
                TimeSpan.FromSeconds(0.01)))
            .ToArray();
        var run = stop is { } s
            ? new WorkerRun(verdicts, s.End, s.At < keys.Length ? keys[s.At] : null, s.ExitCode, "", TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10))
            : new WorkerRun(verdicts, WorkerEnd.Done, null, 0, "", TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10));
        return Task.FromResult(run);
    }
}
