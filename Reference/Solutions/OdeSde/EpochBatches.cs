using Grader.Tensors;

namespace Grader.Reference.OdeSde;

/// <summary>
/// The row indices of a shuffled <c>DataLoader</c>: at the start of each epoch a permutation of 0 … N − 1 is drawn, then
/// consecutive batches of <see cref="BatchSize"/> rows are handed out, the last one of an epoch shorter if need be.
/// </summary>
public sealed class EpochBatches
{
    private int[] _order = [];
    private int _position;

    public EpochBatches(int count, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Count = count;
        BatchSize = batchSize;
    }

    public int Count { get; }

    public int BatchSize { get; }

    /// <summary>Batches per epoch, ⌈N / batch⌉.</summary>
    public int PerEpoch => (Count + BatchSize - 1) / BatchSize;

    /// <summary>The next batch's row indices; a new epoch (and permutation from <paramref name="generator"/>) when the last one is used up.</summary>
    public int[] Next(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (_position >= _order.Length)
        {
            _order = generator.Permutation(Count);
            _position = 0;
        }
        int take = Math.Min(BatchSize, _order.Length - _position);
        var rows = _order.AsSpan(_position, take).ToArray();
        _position += take;
        return rows;
    }
}
