using Grader.Grading.Pipeline;
using Grader.Runner.Compile;
using Grader.Grading.Discovery;
using Grader.Cli.GitHub;
using Grader.Semester;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader check &lt;hand-in&gt; [--sheet S]</c>: grades one hand-in (a folder, a .zip, or a student repository by its
/// <c>Handin/</c>) for one assignment
/// (<c>--sheet</c>, or the <c>assignment.json</c> in or beside the hand-in's folder) in a worker and prints the report. With
/// <c>--ci</c> (a student's GitHub workflow) it also writes the job summary, at most 10 error annotations and JUnit XML,
/// fences the hand-in's text so it cannot issue workflow commands, and exits with 2 when points were lost; all of it is
/// taken as student-visible, so it leaves out the hidden checks' set-up that the plain report gives the tutor. Each run
/// draws a fresh seed unless <c>--seed</c> is given, and prints it on stderr. With
/// <c>--post-status owner/repo@sha</c> it posts the score on the student's commit; with <c>--status-file</c> (the tutor's
/// grading workflow) it only writes that status, for a later step that holds the token to post it.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var handin = new Argument<string>("hand-in") { Description = "The hand-in: a folder of .cs files (or a mutant folder with mutant.json) or a .zip." };
        var ci = new Option<bool>("--ci") { Description = "GitHub Actions mode: job summary ($GITHUB_STEP_SUMMARY), ::error annotations, junit.xml, exit 2 when points are lost." };
        var junit = new Option<string>("--junit") { Description = "Where --ci writes the JUnit XML.", DefaultValueFactory = _ => "junit.xml" };
        var failOnLost = new Option<bool>("--fail-on-lost-points") { Description = "Exit with 2 when the hand-in lost automatic points (implied by --ci)." };
        var postStatus = new Option<string?>("--post-status")
        {
            Description = "After grading, post the score as a commit status on owner/repository@sha (the tutor's grading workflow; token in $"
                + CommitStatusClient.TokenVariable + ", API at $GITHUB_API_URL).",
        };
        var statusFile = new Option<string?>("--status-file")
        {
            Description = "After grading, write the commit status GitHub's API takes (JSON: state, description, context) to this file, for a later step "
                + "that holds the token to post (gh api repos/OWNER/REPO/statuses/SHA --input FILE); the grading step then needs no token.",
        };
        var options = new GradingOptions();
        var seed = CommonOptions.Seed();
        var command = options.AddTo(new Command("check", "Grade one hand-in and print the report (for students, tutors and CI).")
        {
            handin, ci, junit, failOnLost, postStatus, statusFile, options.Sheet, seed,
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            try
            {
                var statusTarget = result.GetValue(postStatus) is { } target ? CommitTarget.Parse(target) : null;
                var statusToken = Environment.GetEnvironmentVariable(CommitStatusClient.TokenVariable);
                if (statusTarget is not null && string.IsNullOrEmpty(statusToken))
                {
                    throw new UsageException($"--post-status needs a token in ${CommitStatusClient.TokenVariable} (one that may write commit statuses on {statusTarget.Owner}/{statusTarget.Name}).");
                }

                var path = Path.GetFullPath(result.GetValue(handin)!);
                if (Directory.Exists(path) && StudentRepositoryFolder.Is(path))
                {
                    path = StudentRepositoryFolder.Handin(path); // a student repository is checked by its hand-in folder
                }

                var found = Load(path);
                var runSeed = RunSeed.ForOneHandin(result.GetValue(seed));
                var settings = options.Settings(result, [File.Exists(path) ? Path.GetDirectoryName(path)! : path], runSeed.Value);
                var worker = options.Worker(result, stderr, "check");
                // For the tutor (stderr: the tutor's grading workflow sends stdout nowhere); the JUnit file of --ci records it too.
                stderr.WriteLine($"grader check: {runSeed}");

                using var compileBox = new CompileBox(CompileLimits.Default);
                var runner = new HandinRunner(worker, settings, compileBox: compileBox);
                // One hand-in and no gradebook: its grade is the one derivation's on this run alone (RecordedRun.Grades: the
                // course's function on a snapshot of the one hand-in, no manual score, no deadline), not a computation of its own.
                var outcome = RecordedRun.Grades(settings.Config, [await runner.GradeAsync(found, cancellationToken)], [])[0];
                var run = RunInfo.Of(settings.Config, null, 1, worker.Name, DateTimeOffset.UtcNow, outcome.Timing.Total, GradingPipeline.Version);
                bool inCi = result.GetValue(ci);
                var fence = inCi ? WorkerProtocol.NewNonce() : null;
                if (fence is not null)
                {
                    // Everything below quotes the hand-in's text: GitHub must not read any of it as a workflow command.
                    stdout.WriteLine($"::stop-commands::{fence}");
                }

                // Everything --ci writes (the log, the job summary, the annotations, junit.xml) may be read by the student whose
                // repository runs it: it never shows the hidden checks' set-up (the "tutor:" lines a tutor's terminal shows).
                stdout.Write(TextReport.Render(outcome, tutor: !inCi));
                if (outcome.Reason is { } reason)
                {
                    stdout.WriteLine($"Grading: {outcome.Status}: {reason}");
                }

                if (fence is not null)
                {
                    stdout.WriteLine($"::{fence}::");
                    var repository = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } workspace ? workspace : Environment.CurrentDirectory;
                    var prefix = Directory.Exists(path) ? GitHubReporter.PathPrefix(path, repository) : "";
                    var stepSummary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } jobSummary ? jobSummary : null;
                    var summary = new GradingSummary(settings.Config.Assignment, [outcome], [], ManualGrades.Empty, run);
                    // The annotations (stdout) and the job summary ($GITHUB_STEP_SUMMARY): GitHub names both targets, the folder is unused.
                    new GitHubReporter(stdout, stepSummary, prefix).Write(summary, repository);
                    JUnitReporter.WriteFile(summary, result.GetValue(junit)!);
                }

                if (result.GetValue(statusFile) is { } statusPath)
                {
                    File.WriteAllText(statusPath, System.Text.Json.JsonSerializer.Serialize(CommitStatus.For(outcome, settings.Config.Assignment.Id).Body()));
                }

                if (statusTarget is not null)
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                    var client = new CommitStatusClient(http, CommitStatusClient.ApiBase(Environment.GetEnvironmentVariable("GITHUB_API_URL")), statusToken!);
                    var status = CommitStatus.For(outcome, settings.Config.Assignment.Id);
                    await client.PostAsync(statusTarget, status, cancellationToken);
                    stderr.WriteLine($"grader check: posted '{status.State}: {status.Description}' on {statusTarget}");
                }

                bool lost = outcome.AutoTotal < outcome.Possible - 1e-9;
                return lost && (inCi || result.GetValue(failOnLost)) ? ExitCodes.PointsLost : ExitCodes.Done;
            }
            catch (Exception e) when (e is UsageException or AssignmentFileException or HandinSourceException or HandinRefusedException)
            {
                stderr.WriteLine($"grader check: {e.Message}");
                return ExitCodes.UsageError;
            }
            catch (Exception e) when (e is WorkerStartException or GitHubApiException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"grader check: {e.Message}");
                return ExitCodes.InfrastructureFailure;
            }
        });
        return command;
    }

    /// <summary>One hand-in: a .zip, a mutant folder (overlaid on its base) or a plain folder.</summary>
    private static DiscoveredHandin Load(string path)
    {
        var full = Path.GetFullPath(path);
        var notes = new List<string>();
        HandinSource source;
        if (File.Exists(full) && full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            source = ZipHandin.Read(full, Path.GetFileNameWithoutExtension(full), full, DiscoveryLimits.Default, notes);
        }
        else if (File.Exists(full))
        {
            throw new UsageException($"'{full}' is a file; a hand-in is a folder of .cs files or a .zip of them.");
        }
        else
        {
            source = HandinSource.Load(full);
        }

        return new DiscoveredHandin(source.Name, full, source, HandinContentHash.Of(source));
    }
}
