using Grader.Checks.Catalog;
using Grader.Checks.Hidden.Attention;
using Grader.Checks.Hidden.Catalog;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Checks.Hidden.Gan;
using Grader.Checks.Hidden.Quickies;
using Grader.Checks.Hidden.Vae;
using Grader.Checks.Hidden.OdeSde;
using Grader.Checks.Packs;

namespace Grader.Checks.Hidden;

/// <summary>
/// The tutor's halves of the exercise packs (hidden checks, references): one line per family, beside the pack's
/// registration in <see cref="CourseCatalog"/>. <see cref="Default"/> is what the tutor grades with.
/// </summary>
public static class TutorCatalog
{
    /// <summary>Every registered tutor pack.</summary>
    public static IReadOnlyList<TutorPack> Packs { get; } =
    [
        DiffusionTutorPack.Pack,
        FlowsTutorPack.Pack,
        AttentionTutorPack.Pack,
        GanTutorPack.Pack,
        QuickiesTutorPack.Pack,
        VaeTutorPack.Pack,
        OdeSdeTutorPack.Pack,
    ];

    /// <summary>The ids of every pack's <see cref="TutorPack.TrainingChecks"/> (the checks marked <see cref="ITrainingCheck"/>): the one list of the checks that train.</summary>
    public static IReadOnlySet<string> TrainingCheckIds { get; } = Packs.SelectMany(p => p.TrainingChecks).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>The course catalog with every hidden check bound and every manual item's rubric joined: the tutor's grading and CI.</summary>
    public static CourseCatalog Default { get; } = TutorSide(CourseCatalog.Default, Packs);

    /// <summary>The tutor's side of <paramref name="catalog"/> (the side students receive): <paramref name="packs"/>' hidden checks bound, every manual item's rubric joined.</summary>
    public static CourseCatalog TutorSide(CourseCatalog catalog, IEnumerable<TutorPack> packs)
    {
        var bound = packs.ToArray();
        return ManualRubrics.Join(catalog.WithTutorPacks(bound)).WithSide(entries => TutorSide(entries, bound));
    }

    /// <summary>The reference of every contract as one hand-in (fresh objects per call).</summary>
    public static Func<Type, object?> ReferenceResolver()
    {
        var resolvers = Packs.Select(p => p.ReferenceResolver()).ToArray();
        return contract => resolvers.Select(r => r(contract)).FirstOrDefault(o => o is not null);
    }
}
