namespace Grader.Tensors;

/// <summary>
/// The backward passes a call made (<see cref="BackwardPasses"/>; issue 45, item 3): their number, their work
/// (multiply-adds of their matrix products) and the work of the largest. Counted by the engine, in process and for a
/// hand-in in its host alike; a hand-in can neither read nor write the count (a value of this type is only a number).
/// A training check reads it around a <c>Train</c> call (<c>HandinCall.Run(…, out BackwardWork)</c>).
/// </summary>
public readonly record struct BackwardWork(long Passes, long Work, long Largest)
{
    /// <summary>
    /// The optimiser steps the passes stand for: the passes, but at most twice their work in units of the largest pass.
    /// A training whose every step is one pass (or several: gradient accumulation) on a batch at least half as large as
    /// its largest counts every pass, and so does a training by epochs (an epoch's k full batches and a smaller last one
    /// do at least k largest passes' work, and (k + 1)/2 ≤ k); a pass on one row, or on a tensor built from a weight,
    /// adds a pass and nearly no work. Without products (largest 0): the passes.
    /// </summary>
    public double Steps => Largest <= 0 ? Passes : Math.Min(Passes, 2.0 * Work / Largest);
}
