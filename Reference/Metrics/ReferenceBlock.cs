using System.Runtime.InteropServices;

namespace Grader.Metrics;

/// <summary>
/// The y–y block of a metric's pair sums: what depends on its second sample alone, kept for the last few second samples
/// of the process and found again by their exact bits. A grader compares every hand-in's samples with the same
/// held-out sample of the run (drawn from the run's seed), so its y–y sums are computed once a run instead of once a
/// hand-in.
/// </summary>
/// <remarks>
/// A value is computed by the code that computes it without the cache (<see cref="SampleMatrix.PairSums{TF}"/> on y
/// alone: the same rows, the same distances, summed in the same order), so a metric is bit-identical with and without
/// it. The key is the sample's every bit and its shape, never a reference or a hash alone, so another sample cannot
/// share an entry. Thread-safe: two hand-ins graded at once with the same y compute its value once.
/// </remarks>
internal sealed class ReferenceBlock
{
    /// <summary>Second samples kept (the least recently used is dropped); a run's checks use one or a few.</summary>
    private const int Kept = 4;

    private static readonly LinkedList<ReferenceBlock> Recent = new();

    private readonly double[] _data;
    private readonly int _rows;
    private readonly int _cols;
    private readonly Lazy<double> _euclidean;

    private ReferenceBlock(SampleMatrix.Flat y)
    {
        (_data, _rows, _cols) = (y.Data, y.Rows, y.Cols);
        _euclidean = new Lazy<double>(() => SampleMatrix.PairSums(_data, 0, _rows, _cols, default(EnergyDistance.Euclidean)).SameY,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Turned off, every call computes its y–y block afresh (the tests' way to compare the two).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Σ_{i&lt;j} ||y_i − y_j||, the energy distance's y–y sum, summed as <see cref="SampleMatrix.PairSums{TF}"/> sums it.</summary>
    internal double EuclideanSum => _euclidean.Value;

    /// <summary>The entry of <paramref name="y"/> (a new one when no kept sample has its bits), or null when the cache is off.</summary>
    internal static ReferenceBlock? Of(SampleMatrix.Flat y)
    {
        if (!Enabled) return null;
        lock (Recent)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (!node.Value.Holds(y)) continue;
                Recent.Remove(node);
                Recent.AddFirst(node);
                return node.Value;
            }

            var block = new ReferenceBlock(y);
            Recent.AddFirst(block);
            while (Recent.Count > Kept) Recent.RemoveLast();
            return block;
        }
    }

    private bool Holds(SampleMatrix.Flat y) =>
        y.Rows == _rows && y.Cols == _cols && y.Data.Length == _data.Length
        && MemoryMarshal.AsBytes(y.Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(_data.AsSpan()));
}
