namespace Grader.Runner;

/// <summary>A worker process could not be started: the grader's installation is broken, so the run stops (no hand-in is to blame).</summary>
public sealed class WorkerStartException(string message) : Exception(message);
