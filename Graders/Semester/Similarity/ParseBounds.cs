namespace Grader.Semester.Similarity;

/// <summary>
/// How a tutor command parses a student's file with Roslyn without dying on it (issue 44: a file nested 100 000
/// parentheses deep overflowed the stack in Roslyn's parser and killed <c>grader similarity</c>, exit 134). A file is
/// first held to the limits the grader's compiler holds hand-ins to (<see cref="SourceShapeLimits"/>: bracket, type
/// argument and prefix-operator nesting), then parsed on a thread of its own with a <see cref="StackBytes"/> stack and a
/// limit on that thread's processor time (<see cref="TimeLimit"/>), so a loaded machine does not refuse a file it only
/// parses slowly (the wall clock is a hang guard only: <see cref="HangGuard"/>). Whatever fails is that file's note,
/// never the command's end. A parse past its limit is abandoned, not stopped: its thread runs on in the background until
/// it ends or the command does.
/// </summary>
public static class ParseBounds
{
    /// <summary>The stack of the parsing thread: room for Roslyn's recursion on anything a <see cref="Grader.Grading.Discovery.DiscoveryLimits.MaxFileBytes"/> file holds within those limits.</summary>
    public const int StackBytes = 256 << 20;

    /// <summary>The processor time the parse of one file may take (Linux; elsewhere wall time).</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wall time after which a parse is abandoned whatever its processor time: <see cref="TimeLimit"/> at a twentieth
    /// of a core (load 40 on two cores), 10 min. A parse never waits, so only a machine slower than that reaches it.
    /// </summary>
    public static readonly TimeSpan HangGuard = TimeLimit * 20;

    /// <summary>How often the waiting thread reads the parsing thread's processor time.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Why <paramref name="text"/> is not parsed (the compiler's own limits on its shape, <see cref="SourceShapeLimits"/>), or null when it may be.</summary>
    public static string? Refusal(string text) =>
        SourceShapeLimits.Check(new HandinSource("similarity", [new HandinFile("file.cs", text)])) is [var first, ..] ? first.Message : null;

    /// <summary>
    /// <paramref name="parse"/> of <paramref name="text"/> on a thread with a large stack, or the reason it was not
    /// done: a refused nesting (<see cref="Refusal"/>), the time limit, or an exception of Roslyn's.
    /// </summary>
    public static (T? Value, string? Failure) Run<T>(string text, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        T? value = default;
        string? failure = null;
        int tid = 0;
        var thread = new Thread(
            () =>
            {
                Volatile.Write(ref tid, ThreadCpu.CurrentId());
                try
                {
                    failure = Refusal(text);
                    if (failure is null)
                    {
                        value = parse(text);
                    }
                }
                catch (InsufficientExecutionStackException)
                {
                    failure = "it nests too deeply to parse";
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failure = $"the parser failed on it ({e.GetType().Name})"; // a student's file, not the grader, is at fault: its note, not the command's end
                }
            },
            StackBytes)
        { IsBackground = true, Name = "student file parse" };
        thread.Start();
        var wall = System.Diagnostics.Stopwatch.StartNew();
        while (!thread.Join(Poll))
        {
            var cpu = ThreadCpu.Of(Volatile.Read(ref tid)) ?? wall.Elapsed;
            if (cpu > TimeLimit)
            {
                return (default, string.Create(CultureInfo.InvariantCulture, $"it took more than {TimeLimit.TotalSeconds:0} s of processor time to parse"));
            }

            if (wall.Elapsed > HangGuard)
            {
                return (default, string.Create(CultureInfo.InvariantCulture, $"it did not finish parsing in {HangGuard.TotalMinutes:0} min"));
            }
        }

        return (value, failure);
    }
}
