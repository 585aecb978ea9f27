namespace Grader.Cli.Workers;

/// <summary>
/// One line a worker writes on its stdout, as JSON. <see cref="Kind"/> is one of <see cref="WorkerProtocol"/>'s kinds:
/// "ready" (started), "compiled" (with <see cref="Compile"/>), "start" (a check begins: <see cref="Key"/>),
/// "verdict" (a check ended: <see cref="Verdict"/>), "done" (every check reported).
/// </summary>
public sealed record WorkerMessage(
    string Nonce,
    string Kind,
    string? Key = null,
    CompileRecord? Compile = null,
    CheckRecord? Verdict = null);
