namespace Grader.Checks.Catalog;

/// <summary>Which assignment a run grades can't be told: no file and no choice, a malformed file, or files that disagree. The message says what to do.</summary>
public sealed class AssignmentFileException(string message) : Exception(message);
