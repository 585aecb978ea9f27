using Grader.Contracts.Vae;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Vae;

/// <summary>
/// The VAE family: TUM exam 2023, problem 2 (sheet 002), the log-normal reparametrisation (T, M, C) and the KL term with
/// a log-normal prior, in their checkable form. Every check is the tutor's, on inputs and parameters drawn from the run's
/// seed (a visible check would print the maps the parts ask the student to derive).
/// </summary>
public static class VaePack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Vae",
        [typeof(ILogNormalTransformT), typeof(ILogNormalTransformM), typeof(ILogNormalTransformC), typeof(ILogNormalPrior)],
        [
            new("002/p2a/standard-log-normal", [typeof(ILogNormalTransformT)],
                [Hidden("vae.tum.t-matches-reference", "sheet 002, P2 (a): T turns ε ~ N(0, 1) into a sample of log N(0, 1)")]),
            new("002/p2b/log-normal-affine", [typeof(ILogNormalTransformM)],
                [Hidden("vae.tum.m-matches-reference", "sheet 002, P2 (b): M_{μ,σ²} turns z ~ log N(0, 1) into a sample of log N(μ, σ²)")]),
            new("002/p2c/log-normal-reparametrisation", [typeof(ILogNormalTransformC)],
            [
                Hidden("vae.tum.c-matches-reference", "sheet 002, P2 (c): C_{μ,σ²} turns ε ~ N(0, 1) into a sample of log N(μ, σ²)"),
                Hidden("vae.tum.c-samples-follow-log-normal", "sheet 002, P2 (c): C_{μ,σ²}(ε) for ε ~ N(0, 1) is a sample of log N(μ, σ²)"),
                Hidden("vae.tum.pathwise-gradient-matches-analytic", "sheet 002, P2 (c)–(d): backpropagating through the sampling of C_{μ,σ²}"),
            ]),
            new("002/p2d/log-normal-prior", [typeof(ILogNormalPrior)],
            [
                Hidden("vae.tum.normal-kl-is-infinite", "sheet 002, P2 (d): a normal q_φ(z) against a log-normal prior p(z)"),
                Hidden("vae.tum.log-normal-kl-matches-quadrature", "sheet 002, P2 (d): the KL term 𝕂𝕃[q_φ(z) ‖ p(z)] with a log-normal prior and a log-normal q_φ"),
            ]),
        ],
        PackFolders.Standard("Vae", null));
}
