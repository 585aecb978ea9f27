using FsCheck;
using FsCheck.Fluent;

namespace Grader.Checks.Flows.Support;

/// <summary>
/// A generated coupling-block case for the property checks: channels, batch size, the grader subnet's hidden width,
/// weight scale and activation, the clamp, the inputs' scale, and a seed for the weights and inputs. Weight scales of
/// 10 and more saturate the soft clamp; input scales from 10⁻² to 10² cover inputs the shift dwarfs and inputs that
/// dwarf the shift.
/// </summary>
public sealed record CouplingCase(int Channels, int Batch, int Hidden, double WeightScale, double Clamp, double InputScale, SubnetActivation Activation, int Seed)
{
    /// <summary>The subnet of this case.</summary>
    public FixedSubnet Subnet() => SubnetSpec.ForChannels(Channels, (ulong)Seed, Hidden, WeightScale, Activation).Create();

    /// <summary>Inputs [N, C] ~ N(0, 1)·<see cref="InputScale"/> from the case's seed; <paramref name="stream"/> picks an independent draw.</summary>
    public Tensor Inputs(int stream) => torch.randn([Batch, Channels], new Generator(((ulong)Seed << 8) ^ (ulong)(0x5A5A + stream))) * (float)InputScale;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"C = {Channels}, N = {Batch}, clamp {Clamp:G3}, {Activation} subnet {Channels - Channels / 2} → {Hidden} → {2 * (Channels / 2)} with weights ×{WeightScale:G3}, inputs ×{InputScale:G3}, seed {Seed}");
}

/// <summary>FsCheck generation and shrinking of <see cref="CouplingCase"/>s.</summary>
public static class CouplingCaseGen
{
    /// <summary>Any case.</summary>
    public static Gen<CouplingCase> Any() =>
        from c in Gen.Choose(2, 6)
        from n in Gen.Choose(1, 6)
        from h in Gen.Elements(1, 8, 32)
        from w in Gen.Elements(0.3, 1.0, 3.0, 10.0, 30.0)
        from clamp in Gen.Elements(0.5, 1.0, 2.0, 5.0)
        from x in Gen.Elements(1e-2, 1.0, 10.0, 100.0)
        from act in Gen.Elements(SubnetActivation.ReLU, SubnetActivation.Tanh)
        from seed in Gen.Choose(0, int.MaxValue)
        select new CouplingCase(c, n, h, w, clamp, x, act, seed);

    /// <summary><see cref="Any"/> with <see cref="Shrink"/>.</summary>
    public static Arbitrary<CouplingCase> Arbitrary() => Arb.From(Any(), Shrink);

    /// <summary>Simpler cases first: two channels, one sample, one hidden unit, then the default scales and clamp, ReLU.</summary>
    public static IEnumerable<CouplingCase> Shrink(CouplingCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Channels > 2) yield return c with { Channels = 2 };
        if (c.Channels > 3) yield return c with { Channels = c.Channels - 1 };
        if (c.Batch > 1) yield return c with { Batch = 1 };
        if (c.Hidden > 1) yield return c with { Hidden = 1 };
        if (c.WeightScale != 1) yield return c with { WeightScale = 1 };
        if (c.InputScale != 1) yield return c with { InputScale = 1 };
        if (c.Clamp != 2) yield return c with { Clamp = 2 };
        if (c.Activation != SubnetActivation.ReLU) yield return c with { Activation = SubnetActivation.ReLU };
    }
}
