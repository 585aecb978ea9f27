using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 2 (c): C_{μ,σ²} turns ε ~ N(0, 1) into a sample of log N(μ, σ²).</summary>
public sealed class LogNormalTransformC : ILogNormalTransformC
{
    /// <inheritdoc />
    public Tensor C(Tensor epsilon, double mu, double sigma) =>
        throw new NotImplementedException("Sheet 002, problem 2 (c): C_{μ,σ²}(ε) for each ε — see README.md, LogNormalTransformC.cs.");

    /// <inheritdoc />
    public LogNormalPathwiseGradient PathwiseGradient(Tensor epsilon, double mu, double sigma) =>
        throw new NotImplementedException("Sheet 002, problem 2 (c)–(d): the gradients of each sample with respect to μ and σ, by backpropagation through your C — see README.md, LogNormalTransformC.cs.");
}
