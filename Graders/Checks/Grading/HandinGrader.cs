using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Grader.Checks.Catalog;
using Grader.Checks.Handins;
using Grader.Remote.Channel;
using Grader.Remote.Handins;

namespace Grader.Checks.Grading;

/// <summary>
/// Grades one hand-in in this process: compiles it, runs the catalog's checks on it, and returns a complete
/// <see cref="HandinReport"/> — a task for every task of the graded sheets, a verdict for every check that was due.
/// Nothing the hand-in does ends the grading (except what only a sandbox can contain: a stack overflow, an exit):
/// <list type="bullet">
/// <item>It does not compile: every check fails with the first compile errors, file and line; nothing runs.</item>
/// <item>Some of its files do not compile and were left out (<see cref="CompileResult.Excluded"/>): every check of a task
/// whose contracts a left-out file implements fails with the file and its errors (<see cref="CompileResult.BlockReason"/>)
/// and does not run; the other tasks are graded.</item>
/// <item>A check does not finish within <see cref="GradeOptions.CheckTimeLimit"/>: Failed, "timed out after N s".
/// Each check runs on its own background task, which is abandoned (not killed) at the limit.</item>
/// <item>The hand-in throws <see cref="NotImplementedException"/> (the template's members do): Failed,
/// "not implemented yet: &lt;its message&gt;".</item>
/// <item>Any other exception comes through the check: Errored, with its type, message and the hand-in's file and line.</item>
/// <item>A contract has no implementation and the check did not pass: Failed, saying which interface to implement.</item>
/// </list>
/// </summary>
public sealed class HandinGrader
{
    /// <summary>A grader with <see cref="HandinCompiler.Default"/>.</summary>
    public static readonly HandinGrader Default = new();

    /// <summary>
    /// The <see cref="Exception.Data"/> key under which an exception rethrown for a hand-in that runs in another process
    /// carries where in the hand-in's code it was raised ("A.cs:12, in Answer.get_InvalidSchedules"); preferred to the
    /// exception's own stack, which is the grader's.
    /// </summary>
    public const string LocationKey = "grader.handin-location";

    /// <summary>
    /// The <see cref="Exception.Data"/> key under which such an exception carries the short name of the hand-in's
    /// exception type when it could not be recreated (its message then already starts with that name).
    /// </summary>
    public const string TypeKey = "grader.handin-type";

    private readonly HandinCompiler _compiler;

    public HandinGrader(HandinCompiler? compiler = null)
    {
        _compiler = compiler ?? HandinCompiler.Default;
    }

    /// <summary>The seed a check runs with: the grader's seed mixed with a hash of the check's id, so it does not depend on which other checks run.</summary>
    public static ulong CheckSeed(ulong seed, string checkId)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a, 64 bit
        foreach (char c in checkId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return seed ^ hash;
    }

    /// <summary>Compiles <paramref name="source"/> and runs the checks <paramref name="options"/> selects from <paramref name="catalog"/>.</summary>
    public HandinReport Grade(HandinSource source, CourseCatalog catalog, GradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(catalog);
        return Grade(source.Name, CompilerFor(catalog).Compile(source), catalog, options);
    }

    /// <summary>The compiler <see cref="Grade(HandinSource, CourseCatalog, GradeOptions)"/> compiles a hand-in graded on <paramref name="catalog"/> with: this grader's, also against the contracts of the catalog's packs.</summary>
    public HandinCompiler CompilerFor(CourseCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return _compiler.WithContracts(catalog.Packs.SelectMany(p => p.Contracts));
    }

    /// <summary>
    /// Runs the checks <paramref name="options"/> selects on a hand-in compiled elsewhere (a worker gets the image from
    /// its parent); unloads its load context at the end.
    /// </summary>
    public HandinReport Grade(string name, CompileResult compiled, CourseCatalog catalog, GradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);

        var tasks = catalog.Tasks.Where(t => options.Sheets is null || options.Sheets.Contains(t.Sheet)).ToArray();
        options.OnCompiled?.Invoke(compiled.WithoutAssembly());
        try
        {
            var handin = compiled.Assembly is { } assembly ? new HandinInstance(assembly) : null;
            var results = handin is not null
                ? Run(tasks, handin.Resolve, handin.Bind, options, compiled)
                : tasks.Select(t => new TaskResult(t, Due(t, options)
                    .Select(c => Report(t, c, new CheckVerdict(t.Id, CheckResult.Fail(c.Check.Id, compiled.Summary()), TimeSpan.Zero), options))
                    .ToArray())).ToArray();
            return new HandinReport(name, compiled.WithoutAssembly(), results, options.VisibleOnly, options.Seed);
        }
        finally
        {
            if (compiled.Assembly is { } loaded && AssemblyLoadContext.GetLoadContext(loaded) is { IsCollectible: true } context)
            {
                context.Unload();
            }
        }
    }

    /// <summary>
    /// Runs the checks <paramref name="options"/> selects on a hand-in that lives elsewhere (in a host process): the
    /// checks run here, and ask <paramref name="resolve"/> for the hand-in's objects (for example proxies whose calls
    /// cross to the host) and <paramref name="bind"/> which class binds a contract (for the "implement I…" message).
    /// <paramref name="compiled"/> is only reported.
    /// </summary>
    /// <param name="name">The hand-in's name.</param>
    /// <param name="compiled">Its compile result (successful; the assembly is not needed).</param>
    /// <param name="resolve">Returns the hand-in's implementation of a contract, or null; may throw <see cref="HandinContractException"/>.</param>
    /// <param name="bind">Which class binds a contract, or why none can be used (runs no hand-in code).</param>
    /// <param name="catalog">The checks.</param>
    /// <param name="options">What to run, and how.</param>
    public HandinReport Grade(string name, CompileResult compiled, Func<Type, object?> resolve, Func<Type, ContractBinding> bind, CourseCatalog catalog, GradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var tasks = catalog.Tasks.Where(t => options.Sheets is null || options.Sheets.Contains(t.Sheet)).ToArray();
        options.OnCompiled?.Invoke(compiled.WithoutAssembly());
        return new HandinReport(name, compiled.WithoutAssembly(), Run(tasks, resolve, bind, options, compiled), options.VisibleOnly, options.Seed);
    }

    /// <summary>
    /// Runs the checks <paramref name="options"/> selects on a hand-in that lives elsewhere, like the overload above, and
    /// only streams each verdict to <see cref="GradeOptions.OnCheckFinished"/>: the caller (grading in host processes,
    /// which may take several hosts) builds the hand-in's one report from every host's verdicts, and fails the tasks a
    /// left-out file blocks itself (leaving them out with <see cref="GradeOptions.Include"/>).
    /// </summary>
    public void RunChecks(Func<Type, object?> resolve, Func<Type, ContractBinding> bind, CourseCatalog catalog, GradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        Run(catalog.Tasks.Where(t => options.Sheets is null || options.Sheets.Contains(t.Sheet)), resolve, bind, options, null);
    }

    private static IEnumerable<CheckSpec> Due(TaskSpec task, GradeOptions options) =>
        task.Checks.Where(c => (!options.VisibleOnly || c.Visibility == Visibility.Visible) && (options.Include?.Invoke(task, c) ?? true));

    /// <summary>
    /// Runs the due checks. A check object that appears in two tasks (sheets 000 and 001 share exercise 1) runs once:
    /// it is seeded by its id, so a second run on the same hand-in would give the same verdict at the same cost. Each
    /// task cites the verdict under its own sheet (<see cref="Report"/>). The checks of a task that a file left out of
    /// <paramref name="compiled"/> blocks fail with the reason and do not run.
    /// </summary>
    private static TaskResult[] Run(IEnumerable<TaskSpec> tasks, Func<Type, object?> resolve, Func<Type, ContractBinding> bind, GradeOptions options, CompileResult? compiled)
    {
        var done = new Dictionary<ICheck, CheckVerdict>(ReferenceEqualityComparer.Instance);
        return tasks.Select(t => new TaskResult(t, Due(t, options).Select(c =>
        {
            if (compiled?.BlockReason(t.Contracts) is { } blocked)
            {
                return Report(t, c, new CheckVerdict(t.Id, CheckResult.Fail(c.Check.Id, blocked), TimeSpan.Zero), options);
            }

            options.OnCheckStarting?.Invoke(t, c);
            var verdict = done.TryGetValue(c.Check, out var earlier) ? earlier with { TaskId = t.Id } : RunCheck(t, c, resolve, bind, options);
            done[c.Check] = verdict;
            return Report(t, c, verdict, options);
        }).ToArray())).ToArray();
    }

    /// <summary>
    /// The verdict as <paramref name="task"/> reports it: its sheet reference cited under the task's sheet (a verdict
    /// shared by the same part of two sheets names each task's own).
    /// </summary>
    private static CheckVerdict Report(TaskSpec task, CheckSpec spec, CheckVerdict verdict, GradeOptions options)
    {
        var reference = verdict.Result.SheetRef ?? spec.Check.SheetRef;
        verdict = verdict with { Result = verdict.Result with { SheetRef = SheetCitation.Cite(task.Sheet, reference) } };
        options.OnCheckFinished?.Invoke(task, verdict);
        return verdict;
    }

    private static CheckVerdict RunCheck(TaskSpec task, CheckSpec spec, Func<Type, object?> resolve, Func<Type, ContractBinding> bind, GradeOptions options)
    {
        var check = spec.Check;
        var requested = new ConcurrentQueue<Type>();
        var context = new CheckContext(
            contract =>
            {
                requested.Enqueue(contract);
                return resolve(contract);
            },
            CheckSeed(options.Seed, check.Id),
            options.SnapshotRoot) { Hidden = spec.Visibility == Visibility.Hidden, DataDirectory = options.DataDirectory, Fresh = options.Fresh };

        var clock = Stopwatch.StartNew();
        var running = Task.Factory.StartNew(() => check.Run(context), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        CheckResult result;
        try
        {
            result = running.Wait(options.CheckTimeLimit)
                ? running.Result ?? CheckResult.Error(check.Id, "the check returned no result (a grader defect).")
                : CheckResult.Fail(check.Id, $"timed out after {Seconds(options.CheckTimeLimit)} s: the hand-in did not finish within the check's time limit (an endless loop, or far too slow).");
        }
        catch (AggregateException e)
        {
            result = FromException(check, e, context.Hidden);
        }

        var elapsed = clock.Elapsed;
        if (!result.Passed && requested.Distinct().Select(bind).FirstOrDefault(b => b.IsMissing) is { } missing)
        {
            result = CheckResult.Fail(check.Id, missing.Problem!);
        }

        return new CheckVerdict(task.Id, result, elapsed);
    }

    /// <summary>
    /// The result of an exception that escaped the check. For a hidden check (<paramref name="hidden"/>) the exception's
    /// message, often computed from the drawn inputs, goes to the tutor's detail; the student reads its type and where.
    /// </summary>
    private static CheckResult FromException(ICheck check, Exception exception, bool hidden)
    {
        var result = FromException(check, exception);
        var e = RemoteFault.Unwrap(exception);
        // A contract that cannot be used (its constructor threw) saw no drawn input.
        if (!hidden || result.Outcome != CheckOutcome.Errored || e is HandinContractException) return result;
        var type = e.Data[TypeKey] as string ?? e.GetType().Name;
        return result.Concealed($"{type}{Where(e)} on inputs drawn for this grading run.");
    }

    private static CheckResult FromException(ICheck check, Exception exception)
    {
        var e = RemoteFault.Unwrap(exception);
        if (e is HandinContractException contract)
        {
            if (contract.InnerException is not { } thrown)
            {
                return CheckResult.Fail(check.Id, contract.Message);
            }

            var cause = RemoteFault.Unwrap(thrown);
            return cause is NotImplementedException
                ? CheckResult.Fail(check.Id, $"not implemented yet: {cause.Message}{Where(cause)}")
                : CheckResult.Error(check.Id, $"{contract.Message}{Where(cause)}");
        }

        return e is NotImplementedException
            ? CheckResult.Fail(check.Id, $"not implemented yet: {e.Message}{Where(e)}")
            : CheckResult.Error(check.Id, $"{TypeAndMessage(e)}{Where(e)}");
    }

    /// <summary>"InvalidOperationException: …"; for a hand-in type recreated elsewhere its message already starts with its name.</summary>
    private static string TypeAndMessage(Exception e) => e.Data[TypeKey] is string ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>" (at Answer.cs:12, in Answer.get_InvalidSchedules)" for the innermost frame of the hand-in's code, else where it was raised.</summary>
    private static string Where(Exception e)
    {
        if ((e.Data[LocationKey] as string ?? HandinTrace.Locate(e)) is { } own)
        {
            return own.StartsWith("in ", StringComparison.Ordinal) ? $" ({own})" : $" (at {own})";
        }

        return new StackTrace(e).GetFrames().FirstOrDefault()?.GetMethod() is { } top
            ? $" (raised outside the hand-in, in {top.DeclaringType?.FullName}.{top.Name})"
            : "";
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
