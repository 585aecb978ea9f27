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
    private static readonly CaseClass<double[]> DeterminantRoundsToNonZero = new("determinant-rounds-to-nonzero",
        "the verdict read off det(aᵀa) computed in double (valid when it is not 0): right wherever the rounded determinant is exactly 0, as at both visible vectors",
        a => a[0] * a[0] * (a[1] * a[1]) - a[0] * a[1] * (a[0] * a[1]) != 0);

    private static readonly CaseClass<double[]> UnequalEntries = new("unequal-entries",
        "the collision x = 0, x′ = (a₁, −a₂) (the null vector's entries in the wrong places): a collision only where a₁ = a₂",
        a => Math.Abs(a[0] - a[1]) >= 1e-3 * Math.Max(a[0], a[1]));

    private static readonly CaseClasses<double[]> FreshAClasses = new(DeterminantRoundsToNonZero, UnequalEntries);

    /// <summary>
    /// TUM 1 (a), the verdict's case class: a vector a whose determinant det(aᵀa) = a₁²·a₂² − (a₁a₂)² rounds to a
    /// number other than 0 in double. A verdict read off that rounded determinant ("valid when det ≠ 0") says "not
    /// valid" wherever it rounds to exactly 0, as at both visible vectors (1, 2) and (0.3, 0.7); about 55 % of the drawn
    /// vectors round to non-zero.
    /// </summary>
    public static CaseClasses<double[]> FreshAVerdictClasses { get; } = new(DeterminantRoundsToNonZero);

    /// <summary>
    /// TUM 1 (a), the collision's case class: a vector a with a₁ and a₂ at least 10⁻³ apart (relative). The pair x = 0,
    /// x′ = (a₁, −a₂) (the null vector's entries in the wrong places) collides only where a₁ = a₂.
    /// </summary>
    public static CaseClasses<double[]> FreshACollisionClasses { get; } = new(UnequalEntries);

    /// <summary>
    /// TUM 1 (a) on fresh vectors a: 16, entries log-uniform in [0.05, 20]. Each case class (<see cref="FreshAVerdictClasses"/>,
    /// <see cref="FreshACollisionClasses"/>) is in every run by construction: if the 16 lack one, the last vector is drawn
    /// again until they hold both (the 16 lack the determinant's class with probability 0.45¹⁶ ≈ 3·10⁻⁶, so the draw of
    /// almost every run is as before).
    /// </summary>
    public static IReadOnlyList<double[]> FreshA(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        double[] Draw() => [FreshDraws.LogUniform(g, 0.05, 20), FreshDraws.LogUniform(g, 0.05, 20)];
        var vectors = Enumerable.Range(0, 16).Select(_ => Draw()).ToArray();
        while (FreshAClasses.PresentIn(vectors).Count < FreshAClasses.All.Count) vectors[^1] = Draw();
        return vectors;
    }

    /// <summary>
    /// TUM 1 (c)'s case class: a negative point. An f⁻¹ with determinant 1 only on the positive half-line (f⁻¹(x) = |x| + b)
    /// agrees with the sheet's answer at every positive point.
    /// </summary>
    public static CaseClasses<double> FreshPointClasses { get; } = new(
        new CaseClass<double>("negative-point", "f⁻¹(x) = |x| + b: determinant 1 (and f inverts it) only for x > 0", x => x < 0));

    /// <summary>
    /// TUM 1 (c) on fresh points: 24, magnitudes log-uniform in [10⁻³, 10⁴], either sign (a coin per point); the first
    /// point is negative by construction (<see cref="FreshPointClasses"/>: its coin is drawn and not used, so the other
    /// points are as before).
    /// </summary>
    public static IReadOnlyList<double> FreshPoints(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        return Enumerable.Range(0, 24).Select(i => (g.NextDouble() < 0.5 || i == 0 ? -1 : 1) * FreshDraws.LogUniform(g, 1e-3, 1e4)).ToArray();
    }

    /// <summary>
    /// TUM 1 (b)'s case classes: q odd (x₁ ↦ x₁^q one-to-one) and p and q both odd (u ↦ u^p one-to-one too). x₂ = 0
    /// removes x₁ from z₂ for every power; a verdict or a collision that rests on an even power agrees with the sheet's
    /// where that power is even.
    /// </summary>
    public static CaseClasses<(int P, int Q)> FreshPowerClasses { get; } = new(
        new CaseClass<(int P, int Q)>("odd-power-of-x1",
            "the loss of x₁'s sign taken for the only loss (valid for odd q), or the collision x₁ ↦ −x₁ (the sheet's q = 4's): right for every even q", pq => pq.Q % 2 == 1),
        new CaseClass<(int P, int Q)>("both-powers-odd",
            "valid when both u ↦ u^p and x₁ ↦ x₁^q are one-to-one, or a collision that rests on an even power: right whenever p or q is even", pq => pq.P % 2 == 1 && pq.Q % 2 == 1));

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
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshA, FreshAVerdictClasses),
        new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshA, FreshACollisionClasses),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshPowers, FreshPowerClasses),
        new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshPowers, FreshPowerClasses),
        new UnitDeterminantInverseIsCorrect(".fresh", FreshPoints, FreshPointClasses),
    ]);
}
