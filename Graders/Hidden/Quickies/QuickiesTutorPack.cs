using Grader.Checks.Packs;
using Grader.Checks.Quickies;

namespace Grader.Checks.Hidden.Quickies;

/// <summary>The tutor's side of <see cref="QuickiesPack"/>: each loss against the grader's double-precision value, and the reference of each contract.</summary>
public static class QuickiesTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(QuickiesPack.Pack);
}
