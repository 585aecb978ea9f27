using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Flows.Tum;
using Grader.Contracts.Flows;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Flows;

/// <summary>
/// The normalizing-flow family: which checks grade Heidelberg sheet 10 (sheet 000), exercise 2 (c)–(d), and TUM problem 1
/// (sheet 002), with their weights and visibility. Every task is decided mostly on inputs no student has seen: each visible
/// check on the snapshots' fixed inputs has a hidden twin on inputs drawn from the run's seed, and the hidden checks carry
/// at least half of each task's weight (TUM 1 (b) is asked about the sheet's map visibly and about maps of the same form
/// with other powers in the tutor's run). Hidden checks are declared by id; the tutor side (Grader.Checks.Hidden)
/// implements them.
/// </summary>
public static class FlowsPack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Flows",
        [
            typeof(IAffineCouplingBlock), typeof(IInvertibleNeuralNetwork), typeof(IEventPreprocessing), typeof(IInnTrainingParts),
            typeof(IFlowNegativeLogLikelihood), typeof(IMostLikelyEvents),
            typeof(ISigmoidTransformationValidity), typeof(IThreeDimensionalTransformationValidity), typeof(IUnitDeterminantInverse),
        ],
        [
            new("000/2c/inn-training", [typeof(IAffineCouplingBlock), typeof(IInvertibleNeuralNetwork), typeof(IEventPreprocessing), typeof(IInnTrainingParts)],
            [
                Visible(new CouplingBlockInverts()),
                Visible(new CouplingBlockMatchesReference()),
                Visible(new InvertibleNetworkMatchesReference()),
                Visible(new PreprocessingMatchesReference()),
                Hidden("flows.heidelberg.coupling-block-matches-reference.fresh", "sheet 000, ex. 2 (c): the INN's affine coupling block (FrEIA's AllInOneBlock), y = (x₁, x₂ ⊙ exp(s) + t) and its inverse"),
                Hidden("flows.heidelberg.coupling-log-det-matches-jacobian", "sheet 000, ex. 2 (b), (c): the coupling block's log-determinant is log|det J| of its Jacobian J = ∂y/∂x (and ∂x/∂y for the inverse)"),
                Hidden("flows.heidelberg.inn-matches-reference.fresh", "sheet 000, ex. 2 (c): the INN, a chain of affine coupling blocks each followed by a fixed permutation, and its inverse"),
                Hidden("flows.heidelberg.inn-density-integrates-to-one", "sheet 000, ex. 2 (a), (c): change of variables, p(x) = p_z(f(x))·|det ∂f/∂x| is a density (it integrates to 1)"),
                Hidden("flows.heidelberg.preprocessing-matches-reference.fresh", "sheet 000, ex. 2 (c): the improved preprocessing of sheet 9, ex. 3 (pT₁ → ln(pT₁ − 10), η → artanh(η/2.50001), standardised) and its inverse"),
                Hidden("flows.heidelberg.inn-training-quality", "sheet 000, ex. 2 (c): construct and train an INN on the event generation data set (maximum likelihood, latent N(0, I))", 3),
            ]),
            new("000/2d/inn-likelihoods", [typeof(IFlowNegativeLogLikelihood), typeof(IMostLikelyEvents)],
            [
                Visible(new NegativeLogLikelihoodMatchesReference()),
                Visible(new MostLikelyEventsMatchReference()),
                Hidden("flows.heidelberg.negative-log-likelihood-matches-reference.fresh", "sheet 000, ex. 2 (a), (d): the flow's likelihood by the change of variables, −log p(x) = −log p_z(f(x)) − log|det ∂f/∂x| with p_z = N(0, I)"),
                Hidden("flows.heidelberg.likelihood-integrates-to-one", "sheet 000, ex. 2 (a), (d): the flow's likelihood p(x) = p_z(f(x))·|det ∂f/∂x| is a density (it integrates to 1)"),
                Hidden("flows.heidelberg.most-likely-events-match-reference.fresh", "sheet 000, ex. 2 (d): the 10 % of the events with the largest likelihoods under the flow"),
            ]),
            new("002/p1a/rank-one-sigmoid-flow", [typeof(ISigmoidTransformationValidity)],
            [
                Visible(new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Verdict)),
                Visible(new SigmoidFlowAnswerIsCorrect(FlowAnswerPart.Collision)),
                Hidden("flows.tum.sigmoid-flow-verdict.fresh", "sheet 002, problem 1 (a): is z = σ(Ax), A = aᵀa, x ∈ ℝ², a valid normalizing flow?"),
                Hidden("flows.tum.sigmoid-flow-collision.fresh", "sheet 002, problem 1 (a): is z = σ(Ax), A = aᵀa, x ∈ ℝ², a valid normalizing flow?"),
            ]),
            new("002/p1b/polynomial-flow", [typeof(IThreeDimensionalTransformationValidity)],
            [
                Visible(new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Verdict)),
                Visible(new PolynomialFlowAnswerIsCorrect(FlowAnswerPart.Collision)),
                Hidden("flows.tum.polynomial-flow-verdict.fresh", "sheet 002, problem 1 (b): is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) a valid normalizing flow?"),
                Hidden("flows.tum.polynomial-flow-collision.fresh", "sheet 002, problem 1 (b): is z = ((x₃ + x₂)³, x₁⁴x₂ + x₃, e^{x₃}) a valid normalizing flow?"),
            ]),
            new("002/p1c/volume-preserving", [typeof(IUnitDeterminantInverse)],
            [
                Visible(new UnitDeterminantInverseIsCorrect()),
                Hidden("flows.tum.unit-determinant-inverse.fresh", "sheet 002, problem 1 (c): a transformation f whose inverse has Jacobian determinant 1, and a possible parametrisation of f⁻¹"),
            ]),
        ],
        PackFolders.Standard("Flows", FlowsSnapshots.Folder));
}
