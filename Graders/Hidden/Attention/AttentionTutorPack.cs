using Grader.Checks.Attention;
using Grader.Checks.Packs;

namespace Grader.Checks.Hidden.Attention;

/// <summary>The tutor's side of <see cref="AttentionPack"/>: the checks on calls drawn from the run's seed, and the reference layer.</summary>
public static class AttentionTutorPack
{
    /// <summary>The pack, as <see cref="TutorCatalog"/> registers it.</summary>
    public static TutorPack Pack { get; } = TutorPackDiscovery.Of(AttentionPack.Pack,
    [
        new OutputMatchesReference(AttentionPack.FreshInputsId, new FreshAttentionCases()),
        new GradientsMatchFiniteDifferences(AttentionPack.FreshGradientsId, new FreshAttentionCases()),
    ]);
}
