namespace Grader.Checks.Results;

/// <summary>One row of an <see cref="ImageGrid"/>: a label ("your samples", "reference") and its images, left to right.</summary>
public sealed record ImageRow(string Label, IReadOnlyList<GridImage> Images);
