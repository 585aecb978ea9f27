namespace Grader.Runner.Sandbox;

/// <summary>Whether hand-ins can run in a bubblewrap sandbox here, as <see cref="SandboxProbe"/> found.</summary>
/// <param name="Policy">The policy that worked; null when the sandbox is not usable.</param>
/// <param name="Problem">Why it is not usable (one line, e.g. bwrap's own message); null when it is.</param>
/// <param name="Weakened">
/// Set when the sandbox works but without a limit it should have: the grader is root and the sandbox could not run as
/// nobody, so RLIMIT_NPROC does not bind. One line saying why, and what the tutor can do about it.
/// </param>
/// <param name="Fix">When it is not usable: what the tutor can do about it (one sentence, with the command), for the refusal of <c>--require-sandbox</c>.</param>
public sealed record SandboxStatus(SandboxPolicy? Policy, string? Problem, string? Weakened = null, string? Fix = null)
{
    /// <summary>True when <see cref="Policy"/> started the .NET runtime in the sandbox.</summary>
    public bool Usable => Policy is not null && Problem is null;
}
