namespace Grader.Cli.Remote;

/// <summary>Where a worker's checks run.</summary>
public enum CheckPlacement
{
    /// <summary>
    /// In the grader: the worker process is a host holding only the hand-in (<c>grader worker --host</c>), and every
    /// call a check makes on the hand-in crosses to it (<see cref="RemoteCheckRunner"/>). The default.
    /// </summary>
    Grader,

    /// <summary>In the worker, next to the hand-in (<c>grader worker</c>, JSON lines with a nonce): the earlier design, kept for comparison.</summary>
    Worker,
}
