using Grader.Contracts.Quickies;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Quickies;

/// <summary>
/// The loss quickies: Heidelberg 2023, sheet 000, quickies 3 (a) (a loss for regression and for classification) and
/// 3 (e) (the basic losses of three generative architectures: VAE, GAN, normalizing flow), in their checkable form, the
/// losses as code. Every check is the tutor's: each loss against the grader's double-precision value on inputs drawn
/// from the run's seed (a visible check would print the loss the question asks the student to name).
/// </summary>
public static class QuickiesPack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Quickies",
        [typeof(IRegressionLoss), typeof(IClassificationLoss), typeof(IVaeLoss), typeof(IGanLoss), typeof(IFlowLoss)],
        [
            new("000/3a/loss-functions", [typeof(IRegressionLoss), typeof(IClassificationLoss)],
            [
                Hidden("quickies.heidelberg.regression-loss-matches", "sheet 000, quickie 3 (a) (i): a loss function for regression"),
                Hidden("quickies.heidelberg.classification-loss-matches", "sheet 000, quickie 3 (a) (ii): a loss function for classification"),
            ]),
            new("000/3e/generative-losses", [typeof(IVaeLoss), typeof(IGanLoss), typeof(IFlowLoss)],
            [
                Hidden("quickies.heidelberg.vae-loss-matches", "sheet 000, quickie 3 (e): the VAE's loss in its most basic form (the negative ELBO)"),
                Hidden("quickies.heidelberg.gan-loss-matches", "sheet 000, quickie 3 (e): the GAN's losses in their most basic form (the minimax game)"),
                Hidden("quickies.heidelberg.flow-loss-matches", "sheet 000, quickie 3 (e): the normalizing flow's loss in its most basic form (the negative log-likelihood)"),
            ]),
        ],
        PackFolders.Standard("Quickies", null));
}
