namespace Grader.Checks.Diffusion.Snapshots;

/// <summary>
/// The self-check's β schedules for TUM 2023 P4 (b) and (c) (sheet 002) with their approved verdicts: fixed schedules
/// of 1 … 50 values, each with the verdict the tutor's side gave it. Only verdicts, no rule: which schedules are valid is
/// the task.
/// </summary>
/// <param name="Description">How the schedules were chosen, for a reviewer.</param>
/// <param name="Cases">The schedules, each bound to a part of P4.</param>
public sealed record ScheduleValiditySnapshot(string Description, IReadOnlyList<ScheduleValiditySnapshot.ScheduleCase> Cases)
{
    public const string Name = "schedule-validity";

    /// <summary>One schedule and its approved verdict.</summary>
    /// <param name="Part">The part of P4 the schedule belongs to: "b" or "c".</param>
    /// <param name="Betas">β_1 … β_N, round-trip exact and comma-separated on one line ("NaN", "Infinity", "-Infinity" spelled out).</param>
    /// <param name="Valid">The approved verdict.</param>
    public sealed record ScheduleCase(string Part, string Betas, bool Valid)
    {
        /// <summary>The part of P4 a <see cref="ScheduleDefect"/> stands for.</summary>
        public static string PartOf(ScheduleDefect defect) => defect switch
        {
            ScheduleDefect.AboveOne => "b",
            ScheduleDefect.EqualOne => "c",
            _ => "d",
        };

        /// <summary>β_1 … β_N.</summary>
        public double[] Values() => [.. Betas.Split(", ").Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))];

        /// <summary>The case for <paramref name="betas"/>.</summary>
        public static ScheduleCase Of(string part, IEnumerable<double> betas, bool valid) =>
            new(part, string.Join(", ", betas.Select(b => b.ToString("R", CultureInfo.InvariantCulture))), valid);
    }
}
