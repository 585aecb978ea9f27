using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// A random INN for property tests: architecture, clamp, mixing, the subnet weights scaled by 0.1–100 (at 10 and
/// more the soft clamp saturates), a global affine at its start (g = 1, b = 0) or moved (g ∈ [0.3, 1.7], |b| ≤ 0.5), and
/// inputs of magnitude 10⁻³–10³.
/// </summary>
public sealed record InnCase(int Channels, int Blocks, int Hidden, double Clamp, PermutationKind Permutation, double WeightScale, bool MovedAffine, double InputScale, int Seed)
{
    public static Gen<InnCase> Gen(int maxChannels = 5, int maxBlocks = 3) =>
        from c in FsCheck.Fluent.Gen.Choose(2, maxChannels)
        from b in FsCheck.Fluent.Gen.Choose(1, maxBlocks)
        from h in FsCheck.Fluent.Gen.Elements(1, 4, 16, 32)
        from clamp in FsCheck.Fluent.Gen.Elements(0.5, 2.0, 5.0)
        from perm in FsCheck.Fluent.Gen.Elements(PermutationKind.Hard, PermutationKind.Soft)
        from w in FsCheck.Fluent.Gen.Elements(0.1, 1.0, 10.0, 100.0)
        from affine in FsCheck.Fluent.Gen.Elements(false, true)
        from x in FsCheck.Fluent.Gen.Elements(1e-3, 1.0, 10.0, 1e3)
        from seed in FsCheck.Fluent.Gen.Choose(0, int.MaxValue)
        select new InnCase(c, b, h, clamp, perm, w, affine, x, seed);

    public InnSettings Settings => new(Channels, Blocks, Hidden, Clamp, Permutation);

    /// <summary>The network, its weights changed as the case says (drawn from the case's seed).</summary>
    public Inn Build()
    {
        var g = new Generator(Seed);
        var inn = new Inn(Settings, g);
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, t) in inn.state_dict())
        {
            if (name.Contains(".subnet.", StringComparison.Ordinal)) state[name] = t * (float)WeightScale;
            else if (MovedAffine && name.EndsWith("global_scale", StringComparison.Ordinal)) state[name] = t + (rand(t.shape, g) * 12f - 6f);
            else if (MovedAffine && name.EndsWith("global_offset", StringComparison.Ordinal)) state[name] = rand(t.shape, g) - 0.5f;
        }
        inn.load_state_dict(state, strict: false);
        return inn;
    }

    /// <summary>Inputs [n, C] ~ N(0, 1)·<see cref="InputScale"/> from a generator seeded after the case.</summary>
    public Tensor Inputs(int n) => randn([n, Channels], new Generator(Seed ^ 0x5A5A5A5A)) * (float)InputScale;

    public override string ToString() =>
        $"C={Channels} blocks={Blocks} hidden={Hidden} clamp={Clamp} {Permutation} weights×{WeightScale} {(MovedAffine ? "moved affine" : "affine at init")} |x|~{InputScale} seed={Seed}";
}
