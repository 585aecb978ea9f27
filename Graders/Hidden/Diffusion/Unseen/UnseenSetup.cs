using Grader.Checks.Comparison;
using Grader.Checks.Diffusion.Snapshots;
using Grader.Checks.Diffusion.Support;
using Grader.Contracts.Diffusion;

namespace Grader.Checks.Hidden.Diffusion.Unseen;

/// <summary>
/// Draws the set-up of an exact check on unseen inputs from the check's seed: the schedule (linear, T and both ends of
/// β drawn), the batch size (never one of the visible snapshots' sizes), the data dimension, the tested code indices
/// (both ends always), the fixed ε-network's seed and the input seeds. Two runs with different grading seeds see
/// different inputs, and no student sees the tutor's: a hand-in that returns the shipped snapshot values, or that is
/// right only at the visible sizes or schedule, fails.
/// </summary>
/// <remarks>
/// The ranges keep the float32 tolerances of the visible checks meaningful: β₁ ∈ [5e-5, 3e-4] (log-uniform) keeps the
/// t = 0 bound ≈ u/β₁ below 3e-3; the chains' T and β_T keep 1/√ᾱ_T, the chain's amplification with the grader's
/// random network, below about 4 (the visible DTU snapshot explains why T = 1000 would not do).
/// </remarks>
public sealed class UnseenSetup
{
    /// <summary>The batch sizes the visible snapshots and cases use; an unseen batch never has one of them.</summary>
    public static IReadOnlySet<int> VisibleSizes { get; } = new HashSet<int> { 5, 8, 16, 64, 500 };

    private readonly Generator _g;

    public UnseenSetup(Generator generator) => _g = generator;

    /// <summary>An integer uniform on [lo, hi].</summary>
    public int Int(int lo, int hi) => (int)_g.NextInt(lo, hi + 1);

    /// <summary>A double uniform on [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * _g.NextDouble();

    /// <summary>A seed for an input or a network.</summary>
    public ulong Seed() => _g.NextUInt64();

    /// <summary>A batch size on [lo, hi] that no visible check uses.</summary>
    public int BatchSize(int lo, int hi)
    {
        while (true)
        {
            var n = Int(lo, hi);
            if (!VisibleSizes.Contains(n)) return n;
        }
    }

    /// <summary>The data dimension: 2 (the sheets' toy data) or 3.</summary>
    public int Dimension() => Int(2, 3);

    /// <summary>A linear schedule with T on [tLo, tHi], β₁ log-uniform on [5e-5, 3e-4] and β_T uniform on [betaTLo, betaTHi].</summary>
    public ScheduleSpec Schedule(int tLo, int tHi, double betaTLo, double betaTHi)
    {
        var T = Int(tLo, tHi);
        var beta1 = Math.Exp(Uniform(Math.Log(5e-5), Math.Log(3e-4)));
        return ScheduleSpec.Linear(T, beta1, Uniform(betaTLo, betaTHi));
    }

    /// <summary>The tested code indices: 0, 1 and T − 1 (the ends, where the sheets' index conventions bite) and <paramref name="inner"/> more drawn from 2 … T − 2.</summary>
    public int[] Steps(int T, int inner) =>
        new[] { 0, 1, T - 1 }.Concat(Enumerable.Range(0, inner).Select(_ => Int(2, T - 2))).Distinct().Order().ToArray();

    /// <summary>A fixed ε-network with a drawn seed in the given time convention.</summary>
    public NetworkSpec Network(int d, string time) => new(Seed(), d, 16, time);

    /// <summary>
    /// The set-up of one run of a single-step check (ex. 1 (a) and (d)): T ∈ [100, 400], β₁ ∈ [5e-5, 3e-4],
    /// β_T ∈ [0.01, 0.03]; N ∈ [6, 48], d ∈ {2, 3}; a fixed ε-network of raw-index time; x_t = s·randn with s ∈ [1, 2] and
    /// z = randn per tested step (t ∈ {0, 1, T − 1} and three more). <paramref name="expected"/> gives, for one step's
    /// x_t, t, z, the schedule and a fresh instance of the network, the reference's x_{t−1} and the known wrong variants.
    /// </summary>
    public StepSnapshot StepCases(Func<Tensor, int, Tensor, NoiseSchedule, Func<FixedEpsilonNetwork>, (float[] Expected, IReadOnlyList<Variant> Variants)> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var spec = Schedule(100, 400, 0.01, 0.03);
        var schedule = spec.ToNoiseSchedule();
        int n = BatchSize(6, 48), d = Dimension();
        var network = Network(d, NetworkSpec.RawIndex);
        var scale = (float)Uniform(1, 2);
        var cases = new List<StepCase>();
        foreach (var t in Steps(spec.T, 3))
        {
            var seed = Seed();
            var (xt, z) = SnapshotInputs.Step(seed, n, d, scale);
            (float[] values, IReadOnlyList<Variant> variants) result;
            using (torch.no_grad()) result = expected(xt, t, z, schedule, () => network.Create(spec.T));
            cases.Add(new StepCase(t, 0, seed, n, d, scale, result.values, result.variants));
        }

        return new StepSnapshot("drawn for this run", spec, network, cases);
    }
}
