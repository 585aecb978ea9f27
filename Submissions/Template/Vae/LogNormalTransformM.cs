using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 2 (b): M_{μ,σ²} turns z ~ log N(0, 1) into a sample of log N(μ, σ²).</summary>
public sealed class LogNormalTransformM : ILogNormalTransformM
{
    /// <inheritdoc />
    public Tensor M(Tensor z, double mu, double sigma) =>
        throw new NotImplementedException("Sheet 002, problem 2 (b): M_{μ,σ²}(z) for each z — see README.md, LogNormalTransformM.cs.");
}
