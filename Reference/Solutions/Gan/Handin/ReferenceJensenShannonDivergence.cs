using Grader.Contracts.Gan;
using Grader.Tensors;

namespace Grader.Reference.Gan.Handin;

/// <summary>The reference as a hand-in of TUM P3 (b), the JSD: <see cref="JensenShannon"/> on the tensors' values in double.</summary>
public sealed class ReferenceJensenShannonDivergence : IJensenShannonDivergence
{
    public double OnGrid(Tensor p, Tensor q, double cellVolume)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (!p.shape.SequenceEqual(q.shape))
            throw new ArgumentException($"p is [{string.Join(", ", p.shape)}] and q [{string.Join(", ", q.shape)}]; they must match.", nameof(q));
        return JensenShannon.OnGrid(p.ToDoubleArray(), q.ToDoubleArray(), cellVolume);
    }

    public double BySamples(Tensor pAtP, Tensor qAtP, Tensor pAtQ, Tensor qAtQ)
    {
        ArgumentNullException.ThrowIfNull(pAtP);
        ArgumentNullException.ThrowIfNull(qAtP);
        ArgumentNullException.ThrowIfNull(pAtQ);
        ArgumentNullException.ThrowIfNull(qAtQ);
        return JensenShannon.BySamples(pAtP.ToDoubleArray(), qAtP.ToDoubleArray(), pAtQ.ToDoubleArray(), qAtQ.ToDoubleArray());
    }
}
