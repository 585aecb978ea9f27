namespace Grader.Checks.Hidden.Training;

/// <summary>
/// How the INN training check calls a trained flow after its training, so that no call can be told apart as a
/// verifying one (issue 45, item 1): all the rows one map is evaluated on in a step of the check (the scored points and
/// the rows that verify them, e.g. a point and its Jacobian's <see cref="FlowJacobian.Stencil"/>) are pooled, put in an
/// order drawn per run and cut into consecutive batches whose sizes are drawn per run, log-uniform in
/// [<see cref="Smallest"/>, <see cref="Largest"/>] (the range of a training's mini-batches and of the whole sets a
/// notebook evaluates). A value the verdict rests on and the rows that verify it come from the same calls, and every
/// call mixes both kinds of rows, so a flow that answers one size, position or order of call otherwise than another
/// is inconsistent across the rows of one point (its Jacobian then disagrees with its values) rather than honest where
/// it is verified.
/// </summary>
public static class DrawnBatches
{
    /// <summary>The smallest and largest batch size drawn.</summary>
    public const int Smallest = 64, Largest = 16_384;

    /// <summary>
    /// Batch sizes summing to <paramref name="n"/>: each log-uniform in [<see cref="Smallest"/>, <see cref="Largest"/>],
    /// the last the remainder (joined to the one before when it is smaller than <see cref="Smallest"/>).
    /// </summary>
    public static List<int> Sizes(Generator generator, int n)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var sizes = new List<int>();
        for (int left = n; left > 0;)
        {
            int size = Math.Min(left, (int)Math.Round(Flows.FreshDraws.LogUniform(generator, Smallest, Largest)));
            if (left - size is > 0 and < Smallest) size = left;
            sizes.Add(size);
            left -= size;
        }
        return sizes;
    }

    /// <summary>
    /// Calls <paramref name="map"/> on the n rows of <paramref name="rows"/> ([n, d] row-major) in drawn batches and
    /// returns its outputs in the rows' order: <paramref name="outputs"/> [n, d] and, when <paramref name="withLogDet"/>,
    /// the log-determinants [n] the map returned beside them. The failure when the hand-in's code throws or returns a
    /// tensor of another shape (a non-finite value is not a failure here: the scores count it).
    /// </summary>
    public static CheckResult? Map(HandinCall call, string what, Func<Tensor, (Tensor Out, Tensor? LogDet)> map, bool withLogDet, float[] rows, int n, int d,
        Generator generator, out float[] outputs, out double[] logDets)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(generator);
        outputs = new float[n * d];
        logDets = withLogDet ? new double[n] : [];
        var order = generator.Permutation(n);
        int next = 0;
        foreach (var size in Sizes(generator, n))
        {
            var batch = new float[size * d];
            for (int k = 0; k < size; k++) Array.Copy(rows, order[next + k] * d, batch, k * d, d);
            if (call.Run(what, () => map(torch.tensor(batch, size, d)), out var result) is { } threw) return threw;
            var (z, logDet) = result;
            if (z is null || !z.shape.SequenceEqual(new[] { size, d })) return call.Tensor(what, z, [size, d]);
            if (withLogDet && (logDet is null || !logDet.shape.SequenceEqual(new[] { size })))
                return call.Tensor(what, logDet, [size], "expected one log-determinant per event, shape [N]");
            var values = z.contiguous().ToArray();
            var dets = withLogDet ? logDet!.ToDoubleArray() : [];
            for (int k = 0; k < size; k++)
            {
                Array.Copy(values, k * d, outputs, order[next + k] * d, d);
                if (withLogDet) logDets[order[next + k]] = dets[k];
            }
            next += size;
        }
        return null;
    }
}
