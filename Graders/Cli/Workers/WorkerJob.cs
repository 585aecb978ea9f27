namespace Grader.Cli.Workers;

/// <summary>
/// What a worker process is asked to do, sent as one JSON document on its stdin: the hand-in compiled by the grader
/// (the image and its symbols, inline, so the worker needs neither a compiler nor any view of the tutor's folders),
/// which checks to run, and the nonce that marks its replies.
/// </summary>
/// <param name="Student">The student (for messages only).</param>
/// <param name="Image">The hand-in's assembly, as the grader compiled it.</param>
/// <param name="Symbols">Its portable PDB (file and line in the hand-in's stack traces).</param>
/// <param name="Sheets">The sheets to grade; null for all.</param>
/// <param name="VisibleOnly">True runs only visible checks.</param>
/// <param name="Seed">The grader's seed.</param>
/// <param name="SnapshotRoot">The folder of approved snapshots.</param>
/// <param name="Skip">Keys (<see cref="WorkerProtocol.Key"/>) of checks not to run: they reported in an earlier worker, or the tutor left them out.</param>
/// <param name="Nonce">A random token; every reply line carries it, so a line the hand-in prints can never pass for one.</param>
public sealed record WorkerJob(
    string Student,
    byte[] Image,
    byte[]? Symbols,
    IReadOnlyList<string>? Sheets,
    bool VisibleOnly,
    ulong Seed,
    string SnapshotRoot,
    IReadOnlyList<string> Skip,
    string Nonce);
