namespace Grader.Checks.Results;

/// <summary>The smallest failing input a property check found, as FsCheck reports it, and how to replay it.</summary>
/// <param name="Original">The first failing input, as text.</param>
/// <param name="Shrunk">The input after shrinking, as text.</param>
/// <param name="Shrinks">How many shrink steps were taken.</param>
/// <param name="Replay">The seed that reproduces the run.</param>
public sealed record Counterexample(string Original, string Shrunk, int Shrinks, string Replay);
