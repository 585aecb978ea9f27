namespace Grader.Grading.Tests.Support;

/// <summary>
/// A hand-in of every family of the course: each exercise pack's correct example, side by side (as the bundled cohort
/// hands them in), so a full-marks test on any sheet has an implementation of every contract the sheet grades.
/// </summary>
internal static class CorrectExamples
{
    public static HandinSource All() => CourseCatalog.Default.CorrectExamples(RepositoryRoot.Path);
}
