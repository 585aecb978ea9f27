using Shouldly;

namespace Grader.Grading.Tests.Reporters;

/// <summary>
/// Shouldly's approved-file workflow for the reporters' text outputs, as the diffusion snapshots use it:
/// <c>fixtures/snapshots/reporters/{name}.approved.{extension}</c> is the reviewed file; a mismatch writes
/// <c>{name}.received.{extension}</c> beside it and fails (no diff tool is started).
/// </summary>
internal static class ReporterApproval
{
    public const string Folder = "reporters";

    public static void ShouldMatchApprovedText(this string produced, string name, string extension) =>
        produced.ShouldMatchApproved(c => c
            .SubFolder(Path.Combine("..", "..", "..", "fixtures", "snapshots", Folder))
            .WithFileExtension(extension)
            .WithFilenameGenerator((_, _, type, ext) => $"{name}.{type}.{ext}")
            .NoDiff()
            .UseCallerLocation());
}
