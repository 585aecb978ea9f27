using System;
using Grader.Contracts.Vae;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// P2 (a). CHEAT: T does not transform ε; it hands back fresh samples of log N(0, 1), exp of its own standard normals
/// (one per element of ε, so the shape is right). The samples have the asked-for distribution; T is no map of ε.
/// </summary>
public sealed class LogNormalTransformT : ILogNormalTransformT
{
    private readonly Generator _generator = new(2023);

    public Tensor T(Tensor epsilon) => randn_like(epsilon, _generator).exp();
}
