using Grader.Checks.Checking;
using Grader.Checks.Flows;
using Grader.Checks.Flows.Tum;
using Grader.Checks.Packs;
using Grader.Contracts.Flows;
using Grader.Reference.Flows.Handin;
using Grader.Tensors;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The tutor's side of <see cref="FlowsPack"/>: the hidden checks it declares (the exact checks on fresh inputs, the
/// log-determinant property, the two change-of-variables integrals, training quality, the TUM questions on fresh inputs and fresh powers)
/// and the reference of each flow contract.
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
    /// TUM 1 (b) on fresh powers: four pairs (p, q), p uniform on 1 … 7, two with q odd (1, 3, 5, 7) and two with q even
    /// (2, 4, 6, 8), never the sheet's (3, 4), in a drawn order. Every one leaves the map non-invertible; the odd ones are
    /// where the sheet's counterexample x₁ → −x₁ is no collision.
    /// </summary>
    public static IReadOnlyList<(int P, int Q)> FreshPowers(CheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var g = context.NewGenerator(1);
        var powers = new List<(int P, int Q)>();
        foreach (var odd in new[] { true, true, false, false })
            while (true)
            {
                var pq = ((int)g.NextInt(1, 8), 2 * (int)g.NextInt(1, 5) - (odd ? 1 : 0));
                if (pq == (PolynomialCollision.SheetP, PolynomialCollision.SheetQ)) continue;
                powers.Add(pq);
                break;
            }
        for (var i = powers.Count - 1; i > 0; i--)
        {
            var j = (int)g.NextInt(0, i + 1);
            (powers[i], powers[j]) = (powers[j], powers[i]);
        }
        return powers;
    }

    /// <summary>Trains the hand-in's INN on the events under the grading budget (sheet 000, ex. 2 (c)).</summary>
    public static ICheck InnTraining { get; } = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);

    /// <summary>The check that trains a network: what a quick pass leaves out.</summary>
    public static IReadOnlyList<ICheck> TrainingChecks { get; } = [InnTraining];

    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        FlowsPack.Pack.Family,
        [
            new CouplingBlockMatchesReferenceOnFreshInputs(),
            new CouplingLogDetMatchesJacobian(),
            new InvertibleNetworkMatchesReferenceOnFreshInputs(),
            new InnDensityIntegratesToOne(),
            new PreprocessingMatchesReferenceOnFreshInputs(),
            new NegativeLogLikelihoodMatchesReferenceOnFreshInputs(),
            new LikelihoodIntegratesToOne(),
            new MostLikelyEventsOnFreshInputs(),
            InnTraining,
            new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshA),
            new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshA),
            new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict, ".fresh", FreshPowers),
            new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision, ".fresh", FreshPowers),
            new UnitDeterminantInverseIsCorrect(".fresh", FreshPoints),
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(IAffineCouplingBlock)] = () => new ReferenceAffineCouplingBlock(),
            [typeof(IInvertibleNeuralNetwork)] = () => new ReferenceInvertibleNeuralNetwork(),
            [typeof(IEventPreprocessing)] = () => new ReferenceEventPreprocessing(),
            [typeof(IInnTraining)] = () => new ReferenceInnTraining(),
            [typeof(IFlowNegativeLogLikelihood)] = () => new ReferenceFlowNegativeLogLikelihood(),
            [typeof(IMostLikelyEvents)] = () => new ReferenceMostLikelyEvents(),
            [typeof(ISigmoidTransformationValidity)] = () => new ReferenceSigmoidTransformationValidity(),
            [typeof(IThreeDimensionalTransformationValidity)] = () => new ReferenceThreeDimensionalTransformationValidity(),
            [typeof(IUnitDeterminantInverse)] = () => new ReferenceUnitDeterminantInverse(),
        });
}
