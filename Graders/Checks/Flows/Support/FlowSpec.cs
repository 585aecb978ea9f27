namespace Grader.Checks.Flows.Support;

/// <summary>
/// A normalizing flow the grader passes to a hand-in (<see cref="SinhArcsinhFlow"/>): its dimension, number of layers
/// and the seed of its parameters.
/// </summary>
public sealed record FlowSpec(ulong Seed, int Dim, int Layers)
{
    /// <summary>The flow of this spec (a fresh object: its call counter starts at 0).</summary>
    public SinhArcsinhFlow Create() => new(this);
}
