using Grader.Contracts.Flows;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;
using Grader.Reference.Flows.Handin;
using Grader.Reference.Flows.Tum;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The reference wrapped as the flow contracts (<see cref="ReferenceFlowHandin"/>) has the properties the checks will
/// grade: the coupling block and the INN invert both ways and their log-dets are log|det J| (against the test's double
/// evaluation, <see cref="DoubleInn"/>, for random subnets, permutations and magnitudes); the NLL is the closed-form
/// one for a flow known in closed form; the preprocessing round-trips; the selection picks the most likely events;
/// training returns a flow that learned; the TUM answers are true collisions and a unit-determinant inverse.
/// </summary>
public sealed class ReferenceFlowHandinTests
{
    private static T Contract<T>() where T : class => (T)ReferenceFlowHandin.Resolver()(typeof(T))!;

    [Test]
    public void Every_flow_task_contract_has_a_reference()
    {
        // The grader's objects, what training returns, and the grader's own training run (answered beside the hand-in, issue 66).
        var callbacks = new[] { typeof(ICouplingSubnet), typeof(INormalizingFlow), typeof(ITrainableFlow), typeof(IInnTrainingRun) };
        var tasks = typeof(IAffineCouplingBlock).Assembly.GetExportedTypes()
            .Where(t => t.IsInterface && t.Namespace == "Grader.Contracts.Flows" && !callbacks.Contains(t)).ToArray();
        tasks.Should().HaveCount(9);
        var resolve = ReferenceFlowHandin.Resolver();
        foreach (var t in tasks) resolve(t).Should().NotBeNull().And.BeAssignableTo(t);
    }

    /// <summary>A random contract-level INN: subnets Linear–ReLU–Linear (hidden 8) scaled by 0.1–100, permutations hard or soft.</summary>
    private sealed record Blocks(int Channels, int Count, double WeightScale, bool Soft, double Clamp, double InputScale, int Seed)
    {
        public static Gen<Blocks> Gen() =>
            from c in FsCheck.Fluent.Gen.Choose(2, 5)
            from n in FsCheck.Fluent.Gen.Choose(1, 3)
            from w in FsCheck.Fluent.Gen.Elements(0.1, 1.0, 10.0, 100.0)
            from soft in FsCheck.Fluent.Gen.Elements(false, true)
            from clamp in FsCheck.Fluent.Gen.Elements(0.5, 2.0)
            from x in FsCheck.Fluent.Gen.Elements(1e-2, 1.0, 1e2)
            from seed in FsCheck.Fluent.Gen.Choose(0, int.MaxValue)
            select new Blocks(c, n, w, soft, clamp, x, seed);

        public (InnBlock[] Contract, DoubleBlock[] Double) Build()
        {
            var g = new Generator(Seed);
            var (p, q) = AffineCoupling.Split(Channels);
            var contract = new InnBlock[Count];
            var dbl = new DoubleBlock[Count];
            for (int b = 0; b < Count; b++)
            {
                var net = nn.Sequential(nn.Linear(p, 8, g), nn.ReLU(), nn.Linear(8, 2 * q, g));
                net.load_state_dict(net.state_dict().ToDictionary(e => e.name, e => e.tensor * (float)WeightScale));
                var perm = Soft ? BlockPermutation.Soft(Channels, g) : BlockPermutation.Hard(Channels, g);
                contract[b] = new InnBlock(new ModuleSubnet(net), perm);
                dbl[b] = DoubleBlock.WithoutGlobalAffine(net, perm, Clamp);
            }
            return (contract, dbl);
        }

        public Tensor Inputs(int n) => randn([n, Channels], new Generator(Seed ^ 0x3C3C3C3C)) * (float)InputScale;
    }

    private static void Within(double seen, double expected, double bound, string what)
    {
        if (!(Math.Abs(seen - expected) <= bound))
            throw new AssertionException($"{what}: |{seen:R} − {expected:R}| = {Math.Abs(seen - expected):G3} > bound {bound:G3}");
    }

    [Test]
    public void The_coupling_block_inverts_both_ways_with_the_log_det_of_its_jacobian()
    {
        var block = Contract<IAffineCouplingBlock>();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), Prop.ForAll(Blocks.Gen().ToArbitrary(), c =>
        {
            var (contract, dbl) = (c with { Count = 1 }).Build();
            int C = c.Channels;
            var identity = dbl[0] with { Perm = DoubleBlock.Matrix(eye(C)) };
            var x = c.Inputs(4);
            var (y, ld) = block.Forward(x, contract[0].Subnet, c.Clamp);
            var (back, ldBack) = block.Inverse(y, contract[0].Subnet, c.Clamp);
            double[] xs = x.ToDoubleArray(), ys = y.ToDoubleArray(), lds = ld.ToDoubleArray(), bs = back.ToDoubleArray(), lbs = ldBack.ToDoubleArray();
            for (int i = 0; i < 4; i++)
            {
                var xi = xs.AsSpan(i * C, C).ToArray();
                var f = DoubleInn.Forward([identity], xi);
                for (int j = 0; j < C; j++) Within(ys[i * C + j], f.Value[j], 2 * f.Error[j], $"{c}: y[{i},{j}]");
                Within(lds[i], f.LogDet, 2 * f.LogDetError, $"{c}: log-det[{i}]");
                Within(DoubleInn.LogAbsDet(f.Jacobian), f.LogDet, 1e-12 * DoubleInn.Sensitivity(f.Jacobian) + 1e-9, $"{c}: log|det J|[{i}]");
                var inv = DoubleInn.Inverse([identity], f.Value, inputError: f.Error);
                for (int j = 0; j < C; j++) Within(bs[i * C + j], xi[j], 2 * inv.Error[j] + 1e-12 * Math.Abs(xi[j]), $"{c}: x[{i},{j}] after forward and inverse");
                Within(lbs[i], -f.LogDet, 2 * inv.LogDetError + 1e-12, $"{c}: inverse log-det[{i}]");
            }
        }));
    }

    [Test]
    public void The_inn_applies_its_blocks_and_permutations_in_order_and_inverts_both_ways()
    {
        var inn = Contract<IInvertibleNeuralNetwork>();
        var block = Contract<IAffineCouplingBlock>();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), Prop.ForAll(Blocks.Gen().ToArbitrary(), c =>
        {
            var (contract, dbl) = c.Build();
            int C = c.Channels;
            var x = c.Inputs(4);
            var (z, ld) = inn.Forward(x, contract, c.Clamp);
            // Composition: coupling, then y = c·Pᵀ, block after block, log-dets summed.
            Tensor cur = x, sum = zeros(4);
            foreach (var b in contract)
            {
                var (y, l) = block.Forward(cur, b.Subnet, c.Clamp);
                cur = y.matmul(b.Permutation.t());
                sum = sum + l;
            }
            z.ToArray().Should().Equal(cur.ToArray());
            ld.ToArray().Should().Equal(sum.ToArray());
            // Against the double evaluation, the Jacobian, and both round trips, one block at a time (bounds compound).
            var (xBack, ldBack) = inn.Inverse(z, contract, c.Clamp);
            double[] xs = x.ToDoubleArray(), zs = z.ToDoubleArray();
            for (int i = 0; i < 4; i++)
            {
                var f = DoubleInn.Forward(dbl, xs.AsSpan(i * C, C).ToArray());
                for (int j = 0; j < C; j++) Within(zs[i * C + j], f.Value[j], 2 * f.Error[j], $"{c}: z[{i},{j}]");
                double logDetW = dbl.Sum(b => DoubleInn.LogAbsDet(b.Perm));
                Within(DoubleInn.LogAbsDet(f.Jacobian), f.LogDet + logDetW, 1e-12 * DoubleInn.Sensitivity(f.Jacobian) + 1e-9, $"{c}: log|det J|[{i}]");
                var inv = DoubleInn.Inverse(dbl, f.Value, inputError: f.Error);
                for (int j = 0; j < C; j++) Within(xBack.ToDoubleArray()[i * C + j], xs[i * C + j], 2 * inv.Error[j] + 1e-12 * Math.Abs(xs[i * C + j]), $"{c}: x[{i},{j}] after forward and inverse");
                Within(ldBack.ToDoubleArray()[i], -f.LogDet, 2 * inv.LogDetError + 1e-12, $"{c}: inverse log-det[{i}]");
            }
            var zIn = randn([4, C], new Generator(c.Seed + 7));
            var (xOfZ, _) = inn.Inverse(zIn, contract, c.Clamp);
            var (zAgain, _) = inn.Forward(xOfZ, contract, c.Clamp);
            double[] zi = zIn.ToDoubleArray(), za = zAgain.ToDoubleArray();
            for (int i = 0; i < 4; i++)
            {
                var g = DoubleInn.Inverse(dbl, zi.AsSpan(i * C, C).ToArray());
                var back = DoubleInn.Forward(dbl, g.Value, inputError: g.Error);
                for (int j = 0; j < C; j++) Within(za[i * C + j], zi[i * C + j], 2 * back.Error[j] + 1e-12 * Math.Abs(zi[i * C + j]), $"{c}: z[{i},{j}] after inverse and forward");
            }
        }));
    }

    [Test]
    public void The_nll_is_the_negative_log_density_of_a_flow_known_in_closed_form()
    {
        var nll = Contract<IFlowNegativeLogLikelihood>();
        var flow = new DiagonalGaussianFlow([1.5, -2, 0.25], [0.5, 3, 1.25]);
        var x = randn([50, 3], new Generator(3)) * 2f;
        var seen = nll.NegativeLogLikelihood(x, flow).ToDoubleArray();
        var xs = x.ToDoubleArray();
        for (int i = 0; i < 50; i++)
        {
            double expected = flow.NegativeLogDensity(xs.AsSpan(i * 3, 3));
            // float32: z to a few u relative, ½‖z‖² and the sum to a few u of the terms' magnitudes (≤ 16u·(|terms|)).
            double terms = Enumerable.Range(0, 3).Sum(j => Math.Pow((xs[i * 3 + j] - flow.Mu[j]) / flow.Sigma[j], 2) / 2 + Math.Abs(Math.Log(flow.Sigma[j])) + Math.Log(2 * Math.PI) / 2);
            seen[i].Should().BeApproximately(expected, 16 * DoubleInn.U * terms, $"sample {i}");
        }
    }

    [Test]
    public void The_preprocessing_round_trips_both_ways_and_puts_muons_back_on_shell()
    {
        var pre = Contract<IEventPreprocessing>();
        var events = DrellYanGenerator.Generate(400, new Generator(5)).Events;
        var s = pre.Fit(events);
        s.Mean.Should().HaveCount(3);
        var z = pre.Preprocess(events, s);
        var ev = events.ToDoubleArray();
        var phi = Enumerable.Range(0, 400).Select(i => Math.Atan2(ev[i * 8 + 2], ev[i * 8 + 1])).ToArray();
        var back = pre.UndoPreprocess(z, s, tensor(phi, 400)).ToDoubleArray();
        for (int i = 0; i < 400; i++)
        {
            var (a, b) = (DrellYanGenerator.Muon(events.ToArray(), i, 0), DrellYanGenerator.Muon(events.ToArray(), i, 1));
            var (c, d) = (new FourMomentum(back[i * 8], back[i * 8 + 1], back[i * 8 + 2], back[i * 8 + 3]), new FourMomentum(back[i * 8 + 4], back[i * 8 + 5], back[i * 8 + 6], back[i * 8 + 7]));
            // Features are float32 (error ≤ u relative plus the maps' condition, ≲ 10⁻⁵ of pT here) and φ₁ too; 10⁻⁴
            // relative of the muon energy covers both; E differs by the mass 0.105 GeV: m²/(2E).
            foreach (var (orig, rec) in new[] { (a, c), (b, d) })
            {
                rec.Px.Should().BeApproximately(orig.Px, 1e-4 * orig.E);
                rec.Py.Should().BeApproximately(orig.Py, 1e-4 * orig.E);
                rec.Pz.Should().BeApproximately(orig.Pz, 1e-4 * orig.E);
                // m² = E² − |p|² from float32 components is off by ≤ 4u·E², so m by ≤ √(4u·E²) = 2√u·E.
                rec.Mass.Should().BeApproximately(ImprovedPreprocessing.MuonMass, 2 * Math.Sqrt(DoubleInn.U) * rec.E);
            }
            (c.Px + d.Px).Should().Be(0);
            (c.Py + d.Py).Should().Be(0);
        }
        var again = pre.Preprocess(pre.UndoPreprocess(z, s, tensor(phi, 400)), s).ToDoubleArray();
        var zs = z.ToDoubleArray();
        var reference = new ImprovedPreprocessing(s.Mean, s.Std);
        for (int i = 0; i < 400; i++)
        {
            var bound = ImprovedPreprocessingTests.RoundTripBound(reference, zs[(i * 3)..(i * 3 + 3)]);
            for (int j = 0; j < 3; j++) again[i * 3 + j].Should().BeApproximately(zs[i * 3 + j], bound[j], $"event {i}, feature {j}");
        }
    }

    [Test]
    public void The_selection_returns_the_events_closest_to_the_mode_of_a_gaussian_flow()
    {
        var select = Contract<IMostLikelyEvents>();
        var flow = new DiagonalGaussianFlow([0.5, -1], [1, 2]);
        var x = randn([200, 2], new Generator(8)) * 2f;
        var rows = select.MostLikely(x, flow, 0.1);
        var xs = x.ToDoubleArray();
        var expected = Enumerable.Range(0, 200).OrderBy(i => flow.NegativeLogDensity(xs.AsSpan(i * 2, 2))).Take(20).ToArray();
        rows.Should().Equal(expected);
    }

    [Test]
    public void The_tum_answers_are_collisions_of_the_sheet_s_maps_and_a_unit_determinant_inverse()
    {
        var a = Contract<ISigmoidTransformationValidity>().Answer([0.8, 1.7]);
        a.IsValidFlow.Should().BeFalse();
        a.FirstInput.Should().NotEqual(a.SecondInput);
        SigmoidTransformation.Apply([0.8, 1.7], a.SecondInput).Zip(SigmoidTransformation.Apply([0.8, 1.7], a.FirstInput))
            .Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-15);
        var b = Contract<IThreeDimensionalTransformationValidity>().Answer(3, 4);
        b.IsValidFlow.Should().BeFalse();
        b.FirstInput.Should().NotEqual(b.SecondInput);
        ThreeDimensionalTransformation.Apply(b.FirstInput).Should().Equal(ThreeDimensionalTransformation.Apply(b.SecondInput));
        var c = Contract<IUnitDeterminantInverse>();
        foreach (var x in new[] { -3.0, 0.0, 0.4, 17.0 })
        {
            c.Transform(c.Inverse(x)).Should().BeApproximately(x, 1e-14);
            ((c.Inverse(x + 1e-3) - c.Inverse(x - 1e-3)) / 2e-3).Should().BeApproximately(1, 1e-10);
        }
    }
}
