using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 2 (d): the KL term of a VAE with a log-normal prior.</summary>
public sealed class LogNormalPrior : ILogNormalPrior
{
    /// <inheritdoc />
    public double LogNormalKl(double muQ, double sigmaQ, double muP, double sigmaP) =>
        throw new NotImplementedException("Sheet 002, problem 2 (d): the KL term for a log-normal q — see README.md, LogNormalPrior.cs.");

    /// <inheritdoc />
    public double NormalKl(double muQ, double sigmaQ, double muP, double sigmaP) =>
        throw new NotImplementedException("Sheet 002, problem 2 (d): the KL term for a normal q — see README.md, LogNormalPrior.cs.");
}
