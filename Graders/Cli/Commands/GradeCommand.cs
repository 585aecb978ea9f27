using System.Runtime.InteropServices;
using Grader.Grading.Pipeline;
using Grader.Runner.Compile;
using Grader.Grading.Discovery;
using Grader.Cli.Progress;
using Grader.Grading.Rubric;
using Spectre.Console;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader grade &lt;hand-ins&gt; --out &lt;dir&gt; [--sheet S]</c>: grades a tutor's folder of hand-ins for one
/// assignment (<c>--sheet</c>, or the folder's <c>assignment.json</c>), each in its own worker, N at a time, resumable;
/// writes the gradebook, junit.xml, summary.md and each student's results and feedback, over that assignment's tasks.
/// </summary>
public static class GradeCommand
{
    public static Command Create()
    {
        var handins = CommonOptions.Paths(new Argument<string[]>("hand-ins")
        {
            Description = "The folder of hand-ins: one folder or .zip of .cs files per student, or one student repository from 'grader assign' (graded by its Handin/), named after the student (several folders are graded as one cohort).",
            Arity = ArgumentArity.OneOrMore,
        });
        var output = new Option<string>("--out", "-o") { Description = "The output folder (created; a second run into it resumes).", Required = true };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Hand-ins graded at once, each in its own worker process.", DefaultValueFactory = _ => Environment.ProcessorCount };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--jobs must be between 1 and 256.");
            }
        });
        var shard = new Option<string?>("--shard") { Description = "Grade only the slice k/N of the students (deterministic by name); join slices with 'grader merge'." };
        shard.Validators.Add(r =>
        {
            try
            {
                if (r.GetValueOrDefault<string?>() is { } text)
                {
                    Shard.Parse(text);
                }
            }
            catch (FormatException e)
            {
                r.AddError(e.Message);
            }
        });
        var manual = new Option<string?>("--manual") { Description = "The filled rubric CSV (from 'grader rubric export') whose manual points are merged in." };
        var force = new Option<bool>("--force") { Description = "Grade every hand-in again, even those unchanged since the last run into --out." };
        var compileCpu = CommonOptions.CompileCpu();
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of the live display (the default when output is not a terminal)." };
        var options = new GradingOptions();
        var seed = new Option<ulong?>("--seed")
        {
            Description = "The grader's seed (each check's seed, and so the hidden checks' inputs, derive from it). Default: the seed recorded in --out when the run resumes, "
                + "else a fresh one drawn for this run; the run prints it and records it in --out (seed.txt, run.json). Give it to reproduce a run; a sharded run needs it.",
        };

        var command = options.AddTo(new Command("grade", "Grade a folder of hand-ins: gradebook, feedback, Gradescope results.json, JUnit.")
        {
            handins, output, jobs, options.Sheet, shard, manual, force, seed,
        }, compileCpu, plain);
        command.SetAction(async (result, cancellationToken) =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            CountingProgress? counted = null;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                var runSeed = RunSeed.Resolve(result.GetValue(seed), result.GetValue(output)!, sharded: result.GetValue(shard) is not null);
                var settings = options.Settings(result, result.GetValue(handins)!, runSeed.Value);
                var grades = result.GetValue(manual) is { } csv ? RubricCsv.Read(csv, settings.Config.Catalog) : ManualGrades.Empty;
                var run = new GradeRun(result.GetValue(handins)!, result.GetValue(output)!, result.GetValue(jobs),
                    result.GetValue(shard) is { } s ? Shard.Parse(s) : null, result.GetValue(force), grades, settings);
                runSeed.Record(run.Output);
                stdout.WriteLine(runSeed.ToString());
                var worker = options.Worker(result, stderr, "grade");

                using var compileBox = new CompileBox(CompileLimits.Default with { Time = TimeSpan.FromSeconds(result.GetValue(compileCpu)) }, servers: CompileBox.ServersFor(run.Jobs));
                var pipeline = new GradingPipeline(worker, GradingOutputs.Default, compileBox);
                bool live = !result.GetValue(plain) && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);
                // Ctrl-C (SIGINT; System.CommandLine's own handler did not stop a real run: the runtime's default ended it
                // with no word) cancels the run here. The run stops waiting at once (what is finished is stored; a hand-in
                // under way is graded again on resuming), so the live display is cleared and the line below is printed
                // before the process ends, not after every worker has unwound.
                using var ctrlC = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
                {
                    signal.Cancel = true;
                    stop.Cancel();
                });
                async Task<GradingSummary?> Grade(IGradingProgress progress)
                {
                    var grading = pipeline.RunAsync(run, counted = new CountingProgress(progress), DiscoveryLimits.Default, stop.Token);
                    return await Task.WhenAny(grading, Task.Delay(Timeout.Infinite, stop.Token)) == grading ? await grading : null;
                }

                var summary = live ? await LiveProgress.RunAsync(AnsiConsole.Console, Grade) : await Grade(new PlainProgress(stdout));
                if (summary is null)
                {
                    stdout.WriteLine(counted!.StoppedLine);
                    return ExitCodes.Stopped;
                }

                Conclude(summary, run, stdout);
                return summary.Problems.Any(p => p.Skipped) ? ExitCodes.InputsRefused : ExitCodes.Done;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl-C while the run itself unwinds: the same line.
                stdout.WriteLine(counted?.StoppedLine ?? CountingProgress.StoppedBeforeGrading);
                return ExitCodes.Stopped;
            }
            catch (Exception e) when (e is UsageException or AssignmentFileException or DiscoveryException or RubricCsvException)
            {
                stderr.WriteLine($"grader grade: {e.Message}");
                return ExitCodes.UsageError;
            }
            catch (Exception e) when (e is WorkerStartException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"grader grade: {e.Message}");
                return ExitCodes.InfrastructureFailure;
            }
        });
        return command;
    }

    private static void Conclude(GradingSummary summary, GradeRun run, TextWriter output)
    {
        var seed = run.Settings.Config.Seed;
        var folder = Path.GetFullPath(run.Output);
        output.WriteLine();
        output.WriteLine($"Graded {summary.Assignment} ({summary.Assignment.Sheet.Title}): {summary.Handins.Count} hand-in(s) in {CommonOptions.Seconds(summary.Run.Elapsed)} s"
            + $" ({summary.Handins.Count(h => h.Status == HandinStatus.Graded)} graded, {summary.Handins.Count(h => h.Status == HandinStatus.CompileFailed)} did not compile,"
            + $" {summary.Handins.Count(h => h.Status == HandinStatus.TimedOut)} timed out, {summary.Handins.Count(h => h.Status == HandinStatus.Crashed)} crashed).");
        foreach (var problem in summary.Problems)
        {
            output.WriteLine($"  {(problem.Skipped ? "refused" : problem.Ignored ? "ignored" : "note")}: {problem.Path}: {problem.Message}");
        }

        output.WriteLine($"Seed {seed} (recorded in {Path.Combine(folder, RunFile.FileName)}; --seed {seed} grades the same inputs again).");
        output.WriteLine($"Open {Path.Combine(folder, "summary.md")} first, then {Path.Combine(folder, "gradebook.csv")};"
            + $" each student's feedback is in {Path.Combine(ResultStore.StudentFolderIn(folder, "<student>"), "feedback.html")}"
            + $" (a student's folder holds only what the student may read; the tutor's records, with the hidden checks' set-up, are in {Path.Combine(folder, ResultStore.RecordsFolder)}).");
    }
}
