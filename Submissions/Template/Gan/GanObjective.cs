using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 3: the GAN objective V(D) for π = ½, on a grid, and its value at the optimal discriminator.</summary>
public sealed class GanObjective : IGanObjective
{
    /// <inheritdoc />
    public double Value(Tensor discriminator, Tensor dataDensity, Tensor modelDensity, double cellVolume) =>
        throw new NotImplementedException("Sheet 002, problem 3: V(D) on a grid — see README.md, GanObjective.cs.");

    /// <inheritdoc />
    public double ValueAtOptimum(Tensor dataDensity, Tensor modelDensity, double cellVolume) =>
        throw new NotImplementedException("Sheet 002, problem 3 (b): V at the optimal discriminator, on a grid — see README.md, GanObjective.cs.");
}
