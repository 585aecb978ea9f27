using Grader.Checks.Attention.Snapshots;
using Grader.Contracts.Attention;
using static Grader.Checks.Catalog.CheckSpec;

namespace Grader.Checks.Attention;

/// <summary>
/// The attention family: Heidelberg sheet 10 (2022/23), exercise 2 (sheet 001), a multi-head attention layer. The
/// visible checks run on the approved snapshot's calls and on random calls of a published law; the tutor's checks
/// (declared by id) decide on calls drawn from the run's seed: 4 of the task's 11 weight units are visible, 3 on the
/// snapshot's calls.
/// </summary>
public static class AttentionPack
{
    /// <summary>The pack, as <see cref="Catalog.CourseCatalog"/> registers it.</summary>
    public static ExercisePack Pack { get; } = new(
        "Attention",
        [typeof(IMultiHeadAttention)],
        [
            new("001/2/multi-head-attention", [typeof(IMultiHeadAttention)],
            [
                Visible(new OutputMatchesReference(), 2),
                Visible(new WeightsAreDistributions()),
                Visible(new GradientsMatchFiniteDifferences()),
                Hidden(FreshInputsId, "sheet 001, ex. 2: a multi-head attention layer (Vaswani et al. 2017, §3.2.2; torch.nn.MultiheadAttention)", 3),
                Hidden(FreshGradientsId, "sheet 001, ex. 2: the layer is trained by backpropagation; Backward returns ∂(Σ G ⊙ output) with respect to every input and parameter"),
                Hidden("attention.heidelberg.permutation-equivariance", "sheet 001, ex. 2: attention treats the queries, and the key/value pairs, as sets: only the causal mask looks at positions"),
                Hidden("attention.heidelberg.masked-keys-are-ignored", "sheet 001, ex. 2: masked keys (padding, or later positions under the causal mask) are positions a query may not attend to"),
                Hidden("attention.heidelberg.heads-are-independent", "sheet 001, ex. 2: each head h attends with its own projections, W_q, W_k, W_v rows h·d … (h+1)·d − 1 (d = E/H)"),
            ]),
        ],
        PackFolders.Standard("Attention", AttentionSnapshot.Folder));

    /// <summary>The id of <see cref="OutputMatchesReference"/> on calls drawn from the run's seed (the tutor's instance).</summary>
    public const string FreshInputsId = "attention.heidelberg.output-matches-reference-on-fresh-inputs";

    /// <summary>The id of <see cref="GradientsMatchFiniteDifferences"/> on calls drawn from the run's seed (the tutor's instance).</summary>
    public const string FreshGradientsId = "attention.heidelberg.gradients-match-on-fresh-inputs";
}
