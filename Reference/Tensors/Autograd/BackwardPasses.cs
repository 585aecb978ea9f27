namespace Grader.Tensors;

/// <summary>
/// The backward passes this thread's engine made: every <see cref="Tensor.backward"/> that gave a leaf a gradient and
/// every <c>torch.autograd.grad</c> that returned one, without <c>create_graph</c> (the gradient an optimiser step
/// uses; a differentiation with <c>create_graph</c> is part of a loss, as ∂f/∂x in the ODE's, and not counted: the ODE's
/// Correct training makes 99 of them a step), and the work of each: the multiply-adds of the matrix products its rules
/// ran (<see cref="Product"/>: matmul, addmm, a linear layer, a convolution's product, the narrow perceptron's kernel).
/// A training check reads it around a hand-in's <c>Train</c> call (<see cref="Begin"/>, <see cref="End"/>: a training
/// with a budget of n optimiser steps makes at least n passes, and its passes do at least half of n times the work of
/// its largest: <see cref="BackwardWork.Steps"/>), in process directly and, for a hand-in in its host, as the host's
/// channel credits the host's passes to the calling thread (<see cref="Credit"/>). Internal: a hand-in (the assembly
/// <c>Handin</c>, compiled against the contracts and the engine, no reflection) can neither read nor write it; only the
/// engine's passes move it. Per thread, so tests and checks on other threads do not mix.
/// </summary>
internal static class BackwardPasses
{
    [ThreadStatic] private static long _count;
    [ThreadStatic] private static long _work;
    [ThreadStatic] private static long _largest;
    [ThreadStatic] private static long _products;
    [ThreadStatic] private static int _open;

    /// <summary>This thread's passes so far (with the passes credited to it).</summary>
    internal static long Count => _count;

    /// <summary>The multiply-adds of this thread's counted passes so far (with the work credited to it).</summary>
    internal static long Work => _work;

    /// <summary>A pass of the engine starts on this thread: its products count from here (<see cref="Close"/>).</summary>
    internal static long Open()
    {
        _open++;
        return _products;
    }

    /// <summary>
    /// A matrix product of <paramref name="multiplyAdds"/> multiply-adds ran: part of the pass's work when a pass without
    /// create_graph is open on this thread (its rules' products), nothing otherwise (a forward, a create_graph pass).
    /// One comparison and one add per product.
    /// </summary>
    internal static void Product(long multiplyAdds)
    {
        if (_open > 0) _products += multiplyAdds;
    }

    /// <summary>The pass opened at <paramref name="mark"/> ended; <paramref name="made"/>: it is counted, with its products as its work.</summary>
    internal static void Close(long mark, bool made)
    {
        _open--;
        if (!made) return;
        long work = _products - mark;
        _count++;
        _work += work;
        if (work > _largest) _largest = work;
    }

    /// <summary>
    /// Starts measuring a call on this thread: the counts now, and the largest pass so far, which the call's own largest
    /// replaces until <see cref="End"/> restores the larger of the two.
    /// </summary>
    internal static (long Count, long Work, long Largest) Begin()
    {
        var mark = (_count, _work, _largest);
        _largest = 0;
        return mark;
    }

    /// <summary>The passes, work and largest pass since <paramref name="mark"/> (<see cref="Begin"/>).</summary>
    internal static BackwardWork End((long Count, long Work, long Largest) mark)
    {
        var since = new BackwardWork(_count - mark.Count, _work - mark.Work, _largest);
        _largest = Math.Max(_largest, mark.Largest);
        return since;
    }

    /// <summary>The largest pass since the last call of this (the host's report, <see cref="Credit"/> on the other side).</summary>
    internal static long TakeLargest()
    {
        long largest = _largest;
        _largest = 0;
        return largest;
    }

    /// <summary>Adds the passes a remote call made for this thread (the host's, read off its answer).</summary>
    internal static void Credit(BackwardWork made)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(made.Passes);
        ArgumentOutOfRangeException.ThrowIfNegative(made.Work);
        ArgumentOutOfRangeException.ThrowIfNegative(made.Largest);
        if (made.Largest > made.Work) throw new ArgumentOutOfRangeException(nameof(made), "the largest pass is more than the passes' work");
        _count += made.Passes;
        _work += made.Work;
        _largest = Math.Max(_largest, made.Largest);
    }
}
