namespace Grader.Checks.Courses;

/// <summary>One section of a <see cref="CatalogFingerprint"/>: its name (as the course file writes it) and the start of its line's SHA-256.</summary>
/// <param name="Section">E.g. <c>[[sheet.task.manual]] compare-flow of task 004/3.4/toy-data</c>.</param>
/// <param name="Sha256">The first 16 hex digits of the SHA-256 of its canonical line.</param>
public sealed record CatalogSection(string Section, string Sha256);
