namespace Grader.Worker;

/// <summary>
/// What <c>grader-worker</c> is started with (Grader.Runner writes its command lines): <see cref="Compile"/> for a compile
/// server, <see cref="Host"/> for the host of a hand-in, nothing for <see cref="Greeting"/> alone.
/// </summary>
public static class WorkerArguments
{
    /// <summary>Compile the hand-ins the grader sends (frames on stdin/stdout).</summary>
    public const string Compile = "--compile";

    /// <summary>Hold one hand-in and answer the grader's calls on it (binary frames on stdin/stdout).</summary>
    public const string Host = "--host";

    /// <summary>How the worker's answer on stderr starts when started without a mode: the sandbox probe looks for it.</summary>
    public const string Greeting = "grader worker:";
}
