namespace Grader.Tensors;

/// <summary>
/// The backward passes this thread's engine made: every <see cref="Tensor.backward"/> that gave a leaf a gradient and
/// every <c>torch.autograd.grad</c> that returned one, without <c>create_graph</c> (the gradient an optimiser step
/// uses; a differentiation with <c>create_graph</c> is part of a loss, as ∂f/∂x in the ODE's, and not counted: the ODE's
/// Correct training makes 99 of them a step). A training check reads it around a hand-in's <c>Train</c> call
/// (a training with a budget of n optimiser steps makes at least n passes), in process directly and, for a hand-in in
/// its host, as the host's channel credits the host's passes to the calling thread (<see cref="Credit"/>). Internal:
/// a hand-in (the assembly <c>Handin</c>, compiled against the contracts and the engine, no reflection) can neither
/// read nor write it; only the engine's passes move it. Per thread, so tests and checks on other threads do not mix.
/// </summary>
internal static class BackwardPasses
{
    [ThreadStatic] private static long _count;

    /// <summary>This thread's passes so far (with the passes credited to it).</summary>
    internal static long Count => _count;

    /// <summary>One more pass on this thread (the engine's backward).</summary>
    internal static void Made() => _count++;

    /// <summary>Adds the passes a remote call made for this thread (the host's, read off its answer).</summary>
    internal static void Credit(long passes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(passes);
        _count += passes;
    }
}
