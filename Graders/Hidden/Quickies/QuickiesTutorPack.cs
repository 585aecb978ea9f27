using Grader.Checks.Packs;
using Grader.Checks.Quickies;
using Grader.Contracts.Quickies;
using Grader.Reference.Quickies.Handin;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>The tutor's side of <see cref="QuickiesPack"/>: each loss against the grader's double-precision value, and the reference of each contract.</summary>
public static class QuickiesTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = new(
        QuickiesPack.Pack.Family,
        [
            new RegressionLossMatches(),
            new ClassificationLossMatches(),
            new VaeLossMatches(),
            new GanLossMatches(),
            new FlowLossMatches(),
        ],
        new Dictionary<Type, Func<object>>
        {
            [typeof(IRegressionLoss)] = () => new ReferenceRegressionLoss(),
            [typeof(IClassificationLoss)] = () => new ReferenceClassificationLoss(),
            [typeof(IVaeLoss)] = () => new ReferenceVaeLoss(),
            [typeof(IGanLoss)] = () => new ReferenceGanLoss(),
            [typeof(IFlowLoss)] = () => new ReferenceFlowLoss(),
        });
}
