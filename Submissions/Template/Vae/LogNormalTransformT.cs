using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 2 (a): T turns ε ~ N(0, 1) into a sample of log N(0, 1).</summary>
public sealed class LogNormalTransformT : ILogNormalTransformT
{
    /// <inheritdoc />
    public Tensor T(Tensor epsilon) =>
        throw new NotImplementedException("Sheet 002, problem 2 (a): T(ε) for each ε — see README.md, LogNormalTransformT.cs.");
}
