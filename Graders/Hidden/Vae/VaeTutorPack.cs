using Grader.Checks.Packs;
using Grader.Checks.Vae;

namespace Grader.Checks.Hidden.Vae;

/// <summary>The tutor's side of <see cref="VaePack"/>: the checks on inputs drawn from the run's seed, and the reference of each contract.</summary>
public static class VaeTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(VaePack.Pack);
}
