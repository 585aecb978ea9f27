using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 3 (b): the Jensen–Shannon divergence of two densities, in nats.</summary>
public sealed class JensenShannonDivergence : IJensenShannonDivergence
{
    /// <inheritdoc />
    public double OnGrid(Tensor p, Tensor q, double cellVolume) =>
        throw new NotImplementedException("Sheet 002, problem 3 (b): JSD(p, q) for densities on a grid — see README.md, JensenShannonDivergence.cs.");

    /// <inheritdoc />
    public double BySamples(Tensor pAtP, Tensor qAtP, Tensor pAtQ, Tensor qAtQ) =>
        throw new NotImplementedException("Sheet 002, problem 3 (b): JSD(p, q) estimated from samples of p and of q — see README.md, JensenShannonDivergence.cs.");
}
