using Grader.Checks.Packs;
using Grader.Checks.Gan;

namespace Grader.Checks.Hidden.Gan;

/// <summary>The tutor's side of <see cref="GanPack"/>: the checks against the reference on densities drawn from the run's seed, and the reference of each contract.</summary>
public static class GanTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(GanPack.Pack);
}
