namespace Grader.Checks.Hidden.Vae;

/// <summary>
/// A check of one of the TUM exam's maps onto the log-normal law (P2 (b) M, P2 (c) C, sheet 002) on <see cref="Calls"/>
/// calls per run drawn by <see cref="LogNormalMapComparison.DrawCall"/>, whose case classes are
/// <see cref="LogNormalMapComparison.Classes"/>; a subclass calls its map on the drawn case and compares.
/// </summary>
/// <param name="id">The check's id.</param>
/// <param name="passed">The pass message.</param>
public abstract class LogNormalMapCheck<TContract>(string id, string passed)
    : DrawnCallsCheck<TContract, LogNormalMapComparison.MapCase>(id, Calls, passed, LogNormalMapComparison.DrawCall, LogNormalMapComparison.Classes)
    where TContract : class
{
    /// <summary>Calls per run.</summary>
    public const int Calls = 3;
}
