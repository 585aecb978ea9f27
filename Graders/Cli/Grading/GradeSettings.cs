using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Grader.Checks.Catalog;
using Grader.Cli.Workers;

namespace Grader.Cli.Grading;

/// <summary>The settings that decide a hand-in's verdicts (and so whether a stored result can be reused).</summary>
/// <param name="Sheets">The sheets to grade; null for all.</param>
/// <param name="VisibleOnly">True runs only visible checks.</param>
/// <param name="Seed">The grader's seed.</param>
/// <param name="SnapshotRoot">The folder of approved snapshots.</param>
/// <param name="Limits">Time, memory and output limits of the workers.</param>
/// <param name="LeftOut">Check ids the tutor chose not to run (<c>--skip-check</c>); their points count as not run.</param>
public sealed record GradeSettings(
    IReadOnlyList<string>? Sheets,
    bool VisibleOnly,
    ulong Seed,
    string SnapshotRoot,
    WorkerLimits Limits,
    IReadOnlySet<string> LeftOut)
{
    /// <summary>
    /// A hash of everything a stored result depends on: these settings, the catalog's tasks, points and checks, and the
    /// build of the checks (their assemblies' module ids). A stored result with another fingerprint is graded again.
    /// </summary>
    public string Fingerprint(CourseCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"seed={Seed};visible={VisibleOnly};sheets={string.Join(',', Sheets ?? [])};left-out={string.Join(',', LeftOut.Order(StringComparer.Ordinal))};");
        text.Append(CultureInfo.InvariantCulture, $"check-time={Limits.CheckTime.TotalSeconds};");
        foreach (var task in catalog.Tasks)
        {
            text.Append(CultureInfo.InvariantCulture, $"{task.Id}:{task.Points}:{task.AutoPoints}:");
            foreach (var check in task.Checks)
            {
                text.Append(CultureInfo.InvariantCulture, $"{check.Check.Id}/{check.Weight}/{check.Visibility},");
                text.Append(check.Check.GetType().Assembly.ManifestModule.ModuleVersionId).Append(',');
            }
        }

        text.Append(typeof(GradeSettings).Assembly.ManifestModule.ModuleVersionId);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }
}
