namespace Grader.Tensors;

/// <summary>
/// The backward passes a call made (<see cref="BackwardPasses"/>): their number, their work (multiply-adds of their
/// matrix products) and the work of the largest.
/// </summary>
internal readonly record struct BackwardWork(long Passes, long Work, long Largest);
