using Grader.Checks.Flows;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Contracts.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// Sheet 000, ex. 2 (c), hidden: <see cref="CouplingBlockMatchesReference"/> on inputs drawn from the run's seed, expected
/// values computed live by the reference (<see cref="CouplingExpectations"/>): four blocks with 2–6 channels, 3–40
/// samples, subnets 4–64 wide (ReLU or tanh) with weights ×0.3–30 (log-uniform; the clamp saturates at the top), clamps
/// 0.5–5, inputs ×0.01–100, Forward and Inverse. The first block holds the case classes by construction
/// (<see cref="CaseClasses"/>): 3 or 5 channels, weights ×3–30, inputs ×1–100, and its clamp at most half the largest
/// |a_s| of its Forward input (so some s is saturated, |a_s| ≥ 2·clamp). The feedback names the bug as the visible check
/// does and shows the failing sample, not the set-up.
/// </summary>
public sealed class CouplingBlockMatchesReferenceOnFreshInputs() : HandinCheck<IAffineCouplingBlock>(
    "flows.heidelberg.coupling-block-matches-reference.fresh"), IDrawsCaseClasses
{
    /// <summary>Blocks per run.</summary>
    public const int Cases = 4;

    /// <summary>One block and its inputs: c channels, n samples, the subnet, the clamp, x and y [n, c].</summary>
    public sealed record CouplingCase(int C, int N, FixedSubnet Subnet, double Clamp, float[] X, float[] Y);

    /// <summary>
    /// The inputs that tell the sheet's block from its near misses: an odd channel count (x₁ is the first ⌈C/2⌉ channels,
    /// x₂ the other ⌊C/2⌋; the split rounded the other way agrees for even C), and a saturated soft clamp (|a_s| ≥ 2·clamp
    /// somewhere in Forward's input: s = clamp·tanh(a_s/clamp) differs from a_s by about a_s³/(3·clamp²), inside float32's
    /// tolerance where |a_s| ≪ clamp, and by more than clamp here).
    /// </summary>
    public static CaseClasses<CouplingCase> Classes { get; } = new(
        new CaseClass<CouplingCase>("odd-channel-count", "the split rounded the other way, x₁ the first ⌊C/2⌋ channels: the same block for even C", k => k.C % 2 == 1),
        new CaseClass<CouplingCase>("saturated-soft-clamp", "s = a_s without the soft clamp (or a clamp that acts only near ±clamp): equal to first order where |a_s| ≪ clamp",
            k => LargestLogScale(k.Subnet, k.X, k.N, k.C) >= 2 * k.Clamp));

    /// <inheritdoc />
    public IReadOnlyList<CaseClass> CaseClasses => Classes.All;

    /// <inheritdoc />
    public IReadOnlySet<string> ClassesDrawn(ulong seed) => Classes.PresentIn(Drawn(new CheckContext(_ => null, seed, "").NewGenerator(1)));

    /// <summary>max |a_s| over the samples of <paramref name="x"/> [n, c], a = 0.1·subnet(x₁), in double.</summary>
    private static double LargestLogScale(FixedSubnet subnet, float[] x, int n, int c)
    {
        int first = c - c / 2, second = c / 2;
        double largest = 0;
        for (int i = 0; i < n; i++)
        {
            var a = DoubleSubnet.Of(subnet, x.AsSpan(i * c, first).ToArray().Select(v => (double)v).ToArray());
            for (int j = 0; j < second; j++) largest = Math.Max(largest, Math.Abs(0.1 * a[j]));
        }
        return largest;
    }

    /// <summary>The run's blocks: the first with 3 or 5 channels, weights ×3–30, inputs ×1–100 and a saturating clamp.</summary>
    private static IReadOnlyList<CouplingCase> Drawn(Generator g)
    {
        var cases = new List<CouplingCase>();
        for (int k = 0; k < Cases; k++)
        {
            bool first = k == 0;
            int c = first ? 2 * FreshDraws.Int(g, 1, 2) + 1 : FreshDraws.Int(g, 2, 6), n = FreshDraws.Int(g, 3, 40);
            var subnet = FreshDraws.Subnet(g, c, first ? FreshDraws.LogUniform(g, 3, 30) : FreshDraws.LogUniform(g, 0.3, 30));
            double clamp = FreshDraws.Uniform(g, 0.5, 5);
            var x = FreshDraws.Normal(g, n, c, first ? FreshDraws.LogUniform(g, 1, 100) : FreshDraws.LogUniform(g, 0.01, 100));
            var y = FreshDraws.Normal(g, n, c, FreshDraws.LogUniform(g, 0.01, 100));
            if (first) clamp = Math.Min(clamp, LargestLogScale(subnet, x, n, c) / 2);
            cases.Add(new CouplingCase(c, n, subnet, clamp, x, y));
        }
        return cases;
    }

    protected override CheckResult Check(CheckContext context, HandinCall call, IAffineCouplingBlock block)
    {
        var cases = Drawn(context.NewGenerator(1));
        var compared = new List<ComparedCall>();
        for (int k = 0; k < cases.Count; k++)
        {
            var (c, n, subnet, clamp, x, y) = cases[k];
            foreach (var (forward, input) in new[] { (true, x), (false, y) })
            {
                var what = forward ? "Forward(x, subnet, clamp)" : "Inverse(y, subnet, clamp)";
                var expected = forward ? CouplingExpectations.Forward(subnet, clamp, input, n, c) : CouplingExpectations.Inverse(subnet, clamp, input, n, c);
                if (BlockComparison.Call(call, what, t => forward ? block.Forward(t, subnet, clamp) : block.Inverse(t, subnet, clamp), k, input, n, c, null, expected, compared) is { } failed)
                    return failed;
            }
        }
        return BlockComparison.Compare(call, compared, CouplingBlockMatchesReference.Explanations, showSetting: false)
            ?? CheckResult.Pass(Id, "Forward and Inverse match the reference on blocks and inputs drawn for this run.", SheetRef);
    }
}
