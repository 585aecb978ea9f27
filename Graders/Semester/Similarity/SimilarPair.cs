namespace Grader.Semester.Similarity;

/// <summary>Two hand-ins of one sheet and how much of their code matches.</summary>
/// <param name="A">One student.</param>
/// <param name="B">The other student (ordinal after <paramref name="A"/>).</param>
/// <param name="Score">Shared fingerprints over the smaller hand-in's fingerprints (0 … 1), the template's left out.</param>
/// <param name="Shared">How many fingerprints they share.</param>
/// <param name="LinesA">The lines of A that match B, per file path.</param>
/// <param name="LinesB">The lines of B that match A, per file path.</param>
public sealed record SimilarPair(string A, string B, double Score, int Shared, IReadOnlyDictionary<string, SortedSet<int>> LinesA, IReadOnlyDictionary<string, SortedSet<int>> LinesB);
