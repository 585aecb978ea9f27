using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>Sheet 003, tasks 2.1–2.5: the notebook's <c>compute_elbo_sde</c>.</summary>
public sealed class SdeElbo : ISdeElbo
{
    /// <inheritdoc />
    public SdeElboTerms Elbo(Tensor y, IDifferentiableNetwork drift, IDifferentiableNetwork diffusion, IDifferentiableNetwork alpha,
        IDifferentiableNetwork beta, double likelihoodStd, IElboNoiseSource noise) =>
        throw new NotImplementedException(
            "Sheet 003, tasks 2.1–2.5: implement SDE.ipynb's compute_elbo_sde, the evidence lower bound of each example and its "
            + "terms, drawing every random number from `noise` — see README.md, SdeElbo.cs.");
}
