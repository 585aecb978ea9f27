using Grader.Checks.Flows.Snapshots;
using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows.Expected;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Snapshots;

/// <summary>
/// Produces the flow snapshots from the reference with the hidden checks' own expectations (<see cref="CouplingExpectations"/>,
/// <see cref="InnExpectations"/>, <see cref="PreprocessingExpectations"/>, <see cref="LikelihoodExpectations"/>): fixed
/// seeds, sizes and scales chosen to cover what the checks diagnose (clamps that saturate, inputs from 10⁻² to 10²,
/// hard permutations and rotations, 1–4-dimensional flows).
/// </summary>
internal static class FlowsSnapshotProducer
{
    public static CouplingBlockSnapshot CouplingBlock()
    {
        var cases = new List<CouplingBlockCase>();
        (int C, int N, double Clamp, SubnetActivation Activation, double WeightScale, double InputScale)[] setups =
        [
            (2, 6, 2.0, SubnetActivation.ReLU, 1.0, 1.0),
            (3, 5, 0.5, SubnetActivation.Tanh, 20.0, 0.01),
            (4, 4, 5.0, SubnetActivation.ReLU, 3.0, 100.0),
            (5, 3, 1.5, SubnetActivation.Tanh, 0.5, 3.0),
        ];
        ulong seed = 51001;
        foreach (var s in setups)
        {
            var g = new Generator(seed);
            var spec = SubnetSpec.ForChannels(s.C, seed + 100, 16, s.WeightScale, s.Activation);
            var subnet = spec.Create();
            var x = (torch.randn([s.N, s.C], g) * (float)s.InputScale).ToArray();
            var y = (torch.randn([s.N, s.C], g) * (float)s.InputScale).ToArray();
            cases.Add(new CouplingBlockCase(s.C, s.N, s.Clamp, spec, FlowsSnapshots.WeightSum(subnet), x, y,
                CouplingExpectations.Forward(subnet, s.Clamp, x, s.N, s.C), CouplingExpectations.Inverse(subnet, s.Clamp, y, s.N, s.C)));
            seed++;
        }
        return new CouplingBlockSnapshot("The affine coupling block (sheet 000, ex. 2 (c)): Forward(x) and Inverse(y) with the grader's subnet and clamp; values, log-determinants and their float32 tolerances.", cases);
    }

    public static InvertibleNetworkSnapshot InvertibleNetwork()
    {
        var cases = new List<InvertibleNetworkCase>();
        (int C, int N, int Blocks, double Clamp, bool Rotation)[] setups =
        [
            (2, 5, 2, 2.0, false),
            (3, 4, 3, 1.0, false),
            (4, 4, 2, 3.0, true),
        ];
        ulong seed = 52001;
        foreach (var s in setups)
        {
            var g = new Generator(seed);
            var specs = new List<InnBlockSpec>();
            var chain = new List<(FixedSubnet, float[])>();
            for (int b = 0; b < s.Blocks; b++)
            {
                var spec = SubnetSpec.ForChannels(s.C, seed * 10 + (ulong)b, 12, 1.5, b % 2 == 0 ? SubnetActivation.Tanh : SubnetActivation.ReLU);
                var subnet = spec.Create();
                var mixing = (s.Rotation ? BlockPermutation.Soft(s.C, g) : BlockPermutation.Hard(s.C, g)).contiguous().ToArray();
                specs.Add(new InnBlockSpec(spec, FlowsSnapshots.WeightSum(subnet), mixing));
                chain.Add((subnet, mixing));
            }
            var x = (torch.randn([s.N, s.C], g) * 2f).ToArray();
            var z = torch.randn([s.N, s.C], g).ToArray();
            cases.Add(new InvertibleNetworkCase(s.C, s.N, s.Clamp, specs, x, z,
                InnExpectations.Forward(chain, s.Clamp, x, s.N, s.C), InnExpectations.Inverse(chain, s.Clamp, z, s.N, s.C)));
            seed++;
        }
        return new InvertibleNetworkSnapshot("The INN (sheet 000, ex. 2 (c)): coupling blocks each followed by its permutation (hard, or a rotation in the last case); Forward(x) and Inverse(z), values, log-determinants and their float32 tolerances.", cases);
    }

    public static PreprocessingSnapshot Preprocessing()
    {
        var g = new Generator(53001);
        const int n = 200, m = 24, k = 16;
        var training = DrellYanGenerator.Generate(n, g).Events;
        var events = DrellYanGenerator.Generate(m, g).Events;
        var features = torch.randn([k, 3], g) * 1.2f;
        var phi = torch.tensor(Enumerable.Range(0, k).Select(_ => (float)(2 * Math.PI * g.NextDouble())).ToArray(), k);
        return PreprocessingExpectations.Of(
            "The improved preprocessing (sheet 000, ex. 2 (c); sheet 9, ex. 3): Fit on Drell–Yan look-alike events, Preprocess of other events, UndoPreprocess of features with given φ₁; values, tolerances and known wrong variants.",
            training, events, features, phi);
    }

    public static NegativeLogLikelihoodSnapshot NegativeLogLikelihood()
    {
        var cases = new List<NegativeLogLikelihoodCase>();
        foreach (var (seed, dim, layers, n) in new (ulong, int, int, int)[] { (54001, 1, 2, 8), (54002, 2, 3, 10), (54003, 4, 1, 6) })
        {
            var spec = new FlowSpec(seed, dim, layers);
            var x = FromFlow(new Generator(seed + 7), spec.Create(), n, 1.5);
            var expected = LikelihoodExpectations.NegativeLogLikelihood(spec, x);
            cases.Add(new NegativeLogLikelihoodCase(spec, n, x, expected.Expected, expected.Tolerance, expected.Variants));
        }
        return new NegativeLogLikelihoodSnapshot("The flow's negative log-likelihood (sheet 000, ex. 2 (a), (d)) under the grader's flows: points, −log p(x) per point with its float32 tolerance, and known wrong variants.", cases);
    }

    public static MostLikelySnapshot MostLikely()
    {
        var cases = new List<MostLikelyCase>();
        foreach (var (seed, dim, layers, n) in new (ulong, int, int, int)[] { (55001, 2, 2, 100), (55002, 3, 1, 200) })
        {
            var spec = new FlowSpec(seed, dim, layers);
            var x = FromFlow(new Generator(seed + 7), spec.Create(), n, 1.5);
            var (call, selection) = LikelihoodExpectations.MostLikely(spec, x, 0.1);
            cases.Add(new MostLikelyCase(spec, n, call.Fraction, x, selection, call.LogLikelihood, call.Tolerance));
        }
        return new MostLikelySnapshot("The 10 % most likely points (sheet 000, ex. 2 (d)) under the grader's flows: the reference's selection, most likely first, and each point's log-likelihood with its tie tolerance.", cases);
    }

    /// <summary>Points x = f⁻¹(spread·z), z ~ N(0, I), float32 [n·d].</summary>
    private static float[] FromFlow(Generator g, SinhArcsinhFlow flow, int n, double spread)
    {
        var x = new float[n * flow.Dim];
        for (int i = 0; i < n; i++)
        {
            var z = Enumerable.Range(0, flow.Dim).Select(_ => spread * g.NextNormal()).ToArray();
            var xi = flow.Inverse(z);
            for (int j = 0; j < flow.Dim; j++) x[i * flow.Dim + j] = (float)xi[j];
        }
        return x;
    }
}
