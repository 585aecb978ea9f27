using Grader.Cli.Discovery;
using Grader.Cli.Similarity;

namespace Grader.Cli.Commands;

/// <summary>
/// <c>grader similarity &lt;hand-ins&gt; --out &lt;dir&gt; [--template &lt;folder&gt;]</c>: compares every pair of a
/// sheet's hand-ins (<see cref="SimilarityReport"/>), writes <c>similarity.html</c> into the output folder (a run's, so
/// its cohort page links it) and prints the ranked pairs from the threshold up.
/// </summary>
public static class SimilarityCommand
{
    public static Command Create()
    {
        var handins = CommonOptions.Paths(new Argument<string[]>("hand-ins") { Description = "The folder(s) of hand-ins of one sheet, as 'grader grade' takes them.", Arity = ArgumentArity.OneOrMore });
        var output = new Option<string>("--out", "-o") { Description = $"The folder to write {SimilarityHtml.FileName} into (e.g. the run's output folder).", Required = true };
        var template = new Option<string?>("--template") { Description = "The folder of .cs files the students started from (e.g. an assigned repository's Handin/): its code never counts as a match." };
        var threshold = new Option<double>("--threshold") { Description = "The score from which a pair is flagged.", DefaultValueFactory = _ => SimilarityReport.DefaultThreshold };
        var command = new Command("similarity", "Rank every pair of a sheet's hand-ins by shared code (Roslyn tokens, identifiers normalised, MOSS's winnowing), the template's code left out; matching regions side by side in HTML.")
        {
            handins, output, template, threshold,
        };
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            try
            {
                var found = GradingPipeline.Discover(result.GetValue(handins)!, DiscoveryLimits.Default);
                foreach (var problem in found.Problems.Where(p => p.Skipped))
                {
                    stderr.WriteLine($"Not compared: {problem.Path}: {problem.Message}");
                }

                if (found.Handins.Count < 2)
                {
                    throw new UsageException("Fewer than two hand-ins could be read; there is nothing to compare.");
                }

                HandinSource? given = null;
                if (result.GetValue(template) is { } folder)
                {
                    given = Directory.Exists(folder) ? HandinSource.FromFolder(folder) : throw new UsageException($"The template folder '{Path.GetFullPath(folder)}' does not exist.");
                }

                var limit = result.GetValue(threshold);
                if (limit is <= 0 or > 1)
                {
                    throw new UsageException("--threshold is a share of shared code, above 0 and at most 1.");
                }

                var report = SimilarityReport.Compare(found.Handins.ToDictionary(h => h.Student, h => h.Source, StringComparer.Ordinal), given, Winnowing.Default, limit);
                foreach (var unread in report.Unread)
                {
                    stderr.WriteLine($"Not compared: {unread}");
                }

                var path = Path.Combine(Path.GetFullPath(result.GetValue(output)!), SimilarityHtml.FileName);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllText(path, SimilarityHtml.Render(report, $"Similarity of {found.Handins.Count} hand-ins"));
                AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(path)!, SimilarityHtml.PairsFileName), SimilarityHtml.PairsJson(report));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Pairs.Count} pairs compared; {report.Flagged.Count} at or above {limit:0.##}:"));
                foreach (var pair in report.Flagged)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {pair.Score:0.00}  {pair.A} – {pair.B}"));
                }

                stdout.WriteLine($"Wrote {path}.");
                return ExitCodes.Done;
            }
            catch (Exception e) when (e is UsageException or DiscoveryException or HandinSourceException)
            {
                stderr.WriteLine($"grader similarity: {e.Message}");
                return ExitCodes.UsageError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"grader similarity: {e.Message}");
                return ExitCodes.InfrastructureFailure;
            }
        });
        return command;
    }
}
