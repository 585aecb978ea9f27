namespace Grader.Semester.Similarity;

/// <summary>A flagged pair as <c>similarity.json</c> keeps it: the students, the score and the anchor of its section in <c>similarity.html</c>.</summary>
public sealed record FlaggedPair(string A, string B, double Score, string Anchor);
