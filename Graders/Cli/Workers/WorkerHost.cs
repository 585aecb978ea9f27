using System.Text;
using System.Text.Json;
using Grader.Checks.Catalog;
using Grader.Checks.Grading;
using Grader.Checks.Handins;
using Grader.Checks.Hidden;
using Grader.Checks.Results;

namespace Grader.Cli.Workers;

/// <summary>
/// The worker side (<c>grader worker</c>): reads a <see cref="WorkerJob"/> from stdin, loads the compiled hand-in, runs
/// the checks and reports each as it ends. Before any hand-in code runs, <see cref="Console.Out"/> and
/// <see cref="Console.Error"/> are pointed at stderr, so whatever the hand-in prints lands in the log and never on
/// the reply channel; replies go to the stdout stream taken beforehand, marked with the job's nonce.
/// The worker itself sets no time limits: its parent watches each check's start and kills it when one runs too long.
/// <para>
/// <see cref="RunHost"/> is the other mode (<c>grader worker --host</c>), the one the grader uses: the worker holds only
/// the hand-in and the checks run in the grader (<see cref="Grader.Remote.HandinHost"/>).
/// </para>
/// </summary>
public static class WorkerHost
{
    /// <summary>The host of a remote hand-in (<c>grader worker --host</c>): see <see cref="Grader.Remote.HandinHost"/>.</summary>
    public static int RunHost(Stream input, Stream output, Stream error) => global::Grader.Remote.HandinHost.Run(input, output, error);

    /// <summary>The largest job the worker reads from stdin.</summary>
    public const int MaxJobBytes = 64 * 1024 * 1024;

    public static int Run(Stream input, Stream output, Stream error)
    {
        var replies = new StreamWriter(output, WorkerProtocol.Utf8) { AutoFlush = true, NewLine = "\n" };
        var log = new StreamWriter(error, WorkerProtocol.Utf8) { AutoFlush = true };
        Console.SetOut(log);
        Console.SetError(log);

        WorkerJob job;
        try
        {
            job = JsonSerializer.Deserialize<WorkerJob>(ReadCapped(input), WorkerProtocol.Json)
                ?? throw new JsonException("the job is empty");
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidDataException)
        {
            log.WriteLine($"grader worker: could not read the job from stdin: {e.Message}");
            return 1;
        }

        void Send(WorkerMessage message)
        {
            lock (replies)
            {
                replies.WriteLine(WorkerProtocol.Line(message));
            }
        }

        Send(new WorkerMessage(job.Nonce, WorkerProtocol.Ready));
        var skip = job.Skip.ToHashSet(StringComparer.Ordinal);
        var catalog = job.VisibleOnly ? CourseCatalog.Default : TutorCatalog.Default;
        var options = new GradeOptions
        {
            Sheets = job.Sheets,
            VisibleOnly = job.VisibleOnly,
            Seed = job.Seed,
            SnapshotRoot = job.SnapshotRoot,
            CheckTimeLimit = Timeout.InfiniteTimeSpan,
            Include = (task, check) => !skip.Contains(WorkerProtocol.Key(task.Id, check.Check.Id)),
            OnCompiled = compiled => Send(new WorkerMessage(job.Nonce, WorkerProtocol.Compiled, Compile: CompileRecord.From(compiled))),
            OnCheckStarting = (task, check) => Send(new WorkerMessage(job.Nonce, WorkerProtocol.Start, Key: WorkerProtocol.Key(task.Id, check.Check.Id))),
            OnCheckFinished = (task, verdict) => Send(new WorkerMessage(job.Nonce, WorkerProtocol.Verdict, Verdict: CheckRecord.From(task.Id, verdict))),
        };
        var compiled = HandinCompiler.Load(job.Student, new EmittedHandin(new CompileResult(true, [], 0, TimeSpan.Zero, null), job.Image, job.Symbols));
        HandinGrader.Default.Grade(job.Student, compiled, catalog, options);
        Send(new WorkerMessage(job.Nonce, WorkerProtocol.Done));
        return 0;
    }

    private static string ReadCapped(Stream input)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = input.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxJobBytes)
            {
                throw new InvalidDataException($"the job is larger than {MaxJobBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
