using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>Records the rows (x, t) and sizes of every Forward and partial call a grid reader makes to the hand-in's network.</summary>
internal sealed class NetworkSpy(IDifferentiableNetwork inner) : IDifferentiableNetwork
{
    public List<(float X, float T)> Rows { get; } = [];

    public List<int> Sizes { get; } = [];

    public List<(float X, float T)> PartialRows { get; } = [];

    public List<int> PartialSizes { get; } = [];

    public Tensor Forward(Tensor x, Tensor t)
    {
        Record(x, t, Rows, Sizes);
        return inner.Forward(x, t);
    }

    public Tensor PartialX(Tensor x, Tensor t)
    {
        Record(x, t, PartialRows, PartialSizes);
        return inner.PartialX(x, t);
    }

    public Tensor PartialT(Tensor x, Tensor t)
    {
        Record(x, t, PartialRows, PartialSizes);
        return inner.PartialT(x, t);
    }

    private static void Record(Tensor x, Tensor t, List<(float X, float T)> rows, List<int> sizes)
    {
        rows.AddRange(x.ToArray().Zip(t.ToArray()));
        sizes.Add(x.size(0));
    }
}
