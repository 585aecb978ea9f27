using Grader.Checks.Hidden.Training;
using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// How the grid readers (<see cref="GriddedDrift"/>, <see cref="GriddedNetwork"/>) and the pooled verification
/// (<see cref="VerifiedNetwork"/>) ask a hand-in's network for its values: rows in a given (drawn) order, cut into
/// consecutive batches of drawn sizes (<see cref="DrawnBatches.Sizes"/>), each batch one <c>Forward</c> call whose
/// answer must hold one value per row.
/// </summary>
public static class DrawnForward
{
    /// <summary>
    /// Calls <paramref name="network"/>'s <c>Forward</c> on the rows of <paramref name="order"/> (each row's (x, t) by
    /// <paramref name="at"/>) in batch sizes drawn from <paramref name="batches"/>, and gives each row's value to
    /// <paramref name="store"/>; returns the number of calls. A null answer or one of another size throws, naming
    /// <paramref name="name"/> and what the value is (<paramref name="what"/>, e.g. "f(x, t)").
    /// </summary>
    public static int Ask(IDifferentiableNetwork network, string name, string what, Generator batches, IReadOnlyList<int> order,
        Func<int, (float X, float T)> at, Action<int, float> store)
    {
        int done = 0, calls = 0;
        foreach (var size in DrawnBatches.Sizes(batches, order.Count))
        {
            var bx = new float[size];
            var bt = new float[size];
            for (int k = 0; k < size; k++) (bx[k], bt[k]) = at(order[done + k]);
            calls++;
            var output = network.Forward(torch.tensor(bx, size, 1), torch.tensor(bt, size, 1))
                ?? throw new InvalidOperationException($"{name}'s Forward returned null; expected {what} of shape [N, 1].");
            if (output.numel() != size) throw new InvalidOperationException($"{name}'s Forward returned {(output.numel() < size ? "fewer" : "more")} values than it was given points; expected {what} of shape [N, 1].");
            var values = output.contiguous().ToArray();
            for (int k = 0; k < size; k++) store(order[done + k], values[k]);
            done += size;
        }
        return calls;
    }
}
