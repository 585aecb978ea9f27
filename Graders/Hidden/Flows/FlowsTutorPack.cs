using Grader.Checks.Flows;
using Grader.Checks.Flows.Tum;
using Grader.Checks.Packs;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The tutor's side of <see cref="FlowsPack"/>: the hidden checks it declares (the exact checks on fresh inputs, the
/// log-determinant property, the two change-of-variables integrals, training quality, the TUM questions on fresh inputs and fresh powers)
/// and the reference of each flow contract (<see cref="TutorPackDiscovery"/>).
/// </summary>
public static class FlowsTutorPack
{
    /// <summary>TUM 1 (a) on fresh vectors a: 16, entries log-uniform in [0.05, 20].</summary>
    public static IReadOnlyList<double[]> FreshA(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        return Enumerable.Range(0, 16).Select(_ => new[] { FreshDraws.LogUniform(g, 0.05, 20), FreshDraws.LogUniform(g, 0.05, 20) }).ToArray();
    }

    /// <summary>TUM 1 (c) on fresh points: 24, magnitudes log-uniform in [10⁻³, 10⁴], either sign.</summary>
    public static IReadOnlyList<double> FreshPoints(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        return Enumerable.Range(0, 24).Select(_ => (g.NextDouble() < 0.5 ? -1 : 1) * FreshDraws.LogUniform(g, 1e-3, 1e4)).ToArray();
    }

    /// <summary>
    /// TUM 1 (b) on fresh powers: four pairs (p, q) in a drawn order, one per case of the map's powers: p odd and q odd
    /// (the case where both x₁ ↦ x₁^q and u ↦ u^p are one-to-one, yet x₂ = 0 still removes x₁ from z₂), p even and q odd,
    /// and two with q even (p uniform on 1 … 7, never the sheet's (3, 4)); p odd from 1, 3, 5, 7, p even from 2, 4, 6, q
    /// odd from 1, 3, 5, 7, q even from 2, 4, 6, 8. Every one leaves the map non-invertible. Drawing p uniformly for the
    /// two odd-q pairs missed the odd/odd case on 18 % of seeds ((3/7)²).
    /// </summary>
    public static IReadOnlyList<(int P, int Q)> FreshPowers(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        int Odd(int max) => 2 * (int)g.NextInt(1, (max + 1) / 2 + 1) - 1;
        int Even(int max) => 2 * (int)g.NextInt(1, max / 2 + 1);
        var powers = new List<(int P, int Q)> { (Odd(7), Odd(7)), (Even(6), Odd(7)) };
        while (powers.Count < 4)
        {
            var pq = ((int)g.NextInt(1, 8), Even(8));
            if (pq != (PolynomialCollision.SheetP, PolynomialCollision.SheetQ)) powers.Add(pq);
        }
        for (var i = powers.Count - 1; i > 0; i--)
        {
            var j = (int)g.NextInt(0, i + 1);
            (powers[i], powers[j]) = (powers[j], powers[i]);
        }
        return powers;
    }

    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(FlowsPack.Pack,
    [
        new InnTrainingQuality(InnTrainingQualityBudget.Calibrated),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshA),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshA),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshPowers),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshPowers),
        new UnitDeterminantInverseIsCorrect(".fresh", FreshPoints),
    ]);
}
