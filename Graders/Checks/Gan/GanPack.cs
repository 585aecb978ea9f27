using Grader.Contracts.Gan;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Gan;

/// <summary>
/// The GAN family: TUM exam 2023, problem 3 (b) (sheet 002), the optimal discriminator and the GAN objective at it,
/// JSD(p*, p_θ) − log 2. The automatic share is the sheet's two checkable ✓ (D* plugged in; the constant c = −log 2):
/// D* by the visible optimality check and the tutor's comparison with the reference (1 + 1 weight units), the constant
/// by the tutor's quadrature of V(D*) against JSD − log 2 and of the JSD itself (1.5 + 0.5), and the objective V(D) itself
/// for discriminators the grader gives (0.5: the member the other checks never call). 1 of 4.5 units is visible.
/// </summary>
public static class GanPack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Gan",
        [typeof(IOptimalDiscriminator), typeof(IJensenShannonDivergence), typeof(IGanObjective)],
        [
            new("002/p3b/jensen-shannon", [typeof(IOptimalDiscriminator), typeof(IJensenShannonDivergence), typeof(IGanObjective)],
            [
                Visible(new OptimalDiscriminatorMaximisesObjective()),
                Hidden("gan.tum.optimal-discriminator-matches-reference", "sheet 002, P3 (b): the general form of the optimal discriminator, on known densities"),
                Hidden("gan.tum.value-at-optimum-is-jsd-minus-log-2", "sheet 002, P3 (b): the GAN objective at D* is JSD(p*, p_θ) + c", 1.5),
                Hidden("gan.tum.jensen-shannon-matches-quadrature", "sheet 002, P3 (b): JSD(p, q) = ½ KL(p ‖ ½(p + q)) + ½ KL(q ‖ ½(p + q))", 0.5),
                Hidden("gan.tum.objective-matches-quadrature", "sheet 002, P3 (b): the GAN objective V(D) = ½ 𝔼_{p*}[log D(x)] + ½ 𝔼_{p_θ}[log(1 − D(x))]", 0.5),
            ]),
        ],
        PackFolders.Standard("Gan", null));
}
