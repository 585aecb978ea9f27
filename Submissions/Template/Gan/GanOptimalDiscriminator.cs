using System;
using Grader.Contracts.Gan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 002 (TUM exam 2023), problem 3 (b): the discriminator that maximises the GAN objective for given p* and p_θ.</summary>
public sealed class GanOptimalDiscriminator : IOptimalDiscriminator
{
    /// <inheritdoc />
    public Tensor OptimalDiscriminator(Tensor dataDensity, Tensor modelDensity) =>
        throw new NotImplementedException("Sheet 002, problem 3 (b): D*(x) at each point, from p*(x) and p_θ(x) — see README.md, GanOptimalDiscriminator.cs.");
}
