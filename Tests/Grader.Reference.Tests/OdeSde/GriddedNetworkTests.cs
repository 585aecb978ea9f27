using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.Data;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="GriddedNetwork"/>, the SDE check's reading of the trained f, σ, α, β (issue 45, items 1 and 2, "state
/// across calls"): the hand-in is asked only on a grid over (x, t), so a model whose networks share a memory and anchor a
/// point's later stencil rows on the row f was asked there passes the pooled verification of <see cref="VerifiedNetwork"/>
/// while lying, and has nothing to anchor on through the grid; the grid's interpolation reads a trained model's ELBO as
/// the direct read does.
/// </summary>
public class GriddedNetworkTests
{
    private static readonly RowFunction Smooth = new((x, t) => Math.Sin(x) * (1 + t * t), (x, t) => Math.Cos(x) * (1 + t * t), (x, t) => Math.Sin(x) * 2 * t);

    /// <summary>A closed-form SDE model: f = −x/2·(1 + t), σ = 1 + 0.2·sin x·(1 + t), α = t·y + (1 − t)·y/2, β = 0.1·t + (1 − t); b = 0.1.</summary>
    private static readonly RowFunction F = new((x, t) => -0.5 * x * (1 + t), (x, t) => -0.5 * (1 + t), (x, _) => -0.5 * x);

    private static readonly RowFunction Sigma = new((x, t) => 1 + 0.2 * Math.Sin(x) * (1 + t), (x, t) => 0.2 * Math.Cos(x) * (1 + t), (x, _) => 0.2 * Math.Sin(x));

    private static readonly RowFunction Alpha = new((y, t) => t * y + (1 - t) * y / 2, (_, t) => t + (1 - t) / 2, (y, _) => y / 2);

    private static readonly RowFunction Beta = new((_, t) => 0.1 * t + (1 - t), (_, _) => 0, (_, _) => -0.9);

    [Test]
    public void The_interpolation_and_its_partials_follow_a_smooth_function_and_continue_it_linearly_beyond_x_s_ends()
    {
        var gridded = new GriddedNetwork(Smooth, "f", new Generator(1));
        var x = torch.rand([3000, 1], new Generator(2)) * 44f - 22f;
        var t = torch.rand([3000, 1], new Generator(3));
        var (xs, ts) = (x.ToDoubleArray(), t.ToDoubleArray());
        var (values, dx, dt) = (gridded.Forward(x, t).ToDoubleArray(), gridded.PartialX(x, t).ToDoubleArray(), gridded.PartialT(x, t).ToDoubleArray());
        for (int i = 0; i < xs.Length; i++)
        {
            double at = Math.Clamp(xs[i], GriddedNetwork.From, -GriddedNetwork.From), scale = 1 + ts[i] * ts[i];
            double expected = Math.Sin(at) * scale + Math.Cos(at) * scale * (xs[i] - at);
            values[i].Should().BeApproximately(expected, Math.Abs(xs[i]) < 20 ? 2e-6 : 2e-2, $"x = {xs[i]}, t = {ts[i]}");
            if (Math.Abs(xs[i]) >= 20) continue;
            dx[i].Should().BeApproximately(Math.Cos(xs[i]) * scale, 1e-4, $"x = {xs[i]}, t = {ts[i]}: the cubic's O(Δ²)");
            dt[i].Should().BeApproximately(Math.Sin(xs[i]) * 2 * ts[i], 1e-4, $"x = {xs[i]}, t = {ts[i]}");
        }
        var ends = gridded.Forward(tensor(new[] { 1.5f, 1.5f }, 2, 1), tensor(new[] { 0f, 1f }, 2, 1)).ToDoubleArray();
        ends[0].Should().BeApproximately(Math.Sin(1.5), 1e-6, "t = 0 is a row of the grid");
        ends[1].Should().BeApproximately(Math.Sin(1.5) * 2, 1e-6, "t = 1 is a row of the grid");
        int calls = gridded.ForwardCalls;
        calls.Should().BeGreaterThan(10);
        gridded.Forward(x, t);
        gridded.ForwardCalls.Should().Be(calls, "the grid is asked once");
    }

    [Test]
    public void The_elbo_asks_the_hand_in_the_grid_only_never_a_held_out_point_nor_a_partial()
    {
        var spies = new[] { new NetworkSpy(F), new NetworkSpy(Sigma), new NetworkSpy(Alpha), new NetworkSpy(Beta) };
        var gridded = spies.Select((s, k) => new GriddedNetwork(s, $"network {k}", new Generator(10 + (ulong)k))).ToArray();
        var y = torch.rand([500, 1], new Generator(4)) * 24f - 12f;
        Elbo(gridded, y, new Generator(5));
        var xGrid = Enumerable.Range(0, 5121).Select(k => (float)(GriddedNetwork.From + k * GriddedNetwork.SpacingX)).ToHashSet();
        var tGrid = Enumerable.Range(0, 129).Select(k => (float)(k * GriddedNetwork.SpacingT)).ToHashSet();
        foreach (var spy in spies)
        {
            spy.Rows.Should().HaveCount(5121 * 129, "each row once");
            spy.Rows.Should().OnlyContain(r => xGrid.Contains(r.X) && tGrid.Contains(r.T));
            spy.PartialRows.Should().BeEmpty("the ELBO reads the grid's derivatives");
            spy.Sizes.Distinct().Count().Should().BeGreaterThan(10, "the batches are drawn");
        }
        gridded[1].Verify("x").Should().BeNull();
        gridded[2].Verify("t").Should().BeNull();
        spies[1].PartialRows.Should().NotBeEmpty().And.OnlyContain(r => xGrid.Contains(r.X) && tGrid.Contains(r.T), "PartialX is asked only to verify it, on the grid's rows");
        spies[2].PartialRows.Should().NotBeEmpty();
    }

    /// <summary>Seeds 1 and 2 in CI (issue 69); the 20-seed sweep is the [Explicit] twin below.</summary>
    [Test]
    public void A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_and_an_honest_one_is_not() =>
        PartialsOnTheGrid(seeds: 2);

    /// <summary>The 20-seed sweep of <see cref="A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_and_an_honest_one_is_not"/>.</summary>
    [Test]
    [Explicit("20-seed sweep; CI runs 2 seeds")]
    public void A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_on_20_seeds() =>
        PartialsOnTheGrid(seeds: 20);

    private static void PartialsOnTheGrid(int seeds)
    {
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            foreach (var (wrt, inner) in new[] { ("x", Sigma), ("t", Alpha) })
            {
                foreach (var (network, what) in new (IDifferentiableNetwork, string)[] { (new HonestOnlyAtSize(inner, 0.5, honestSize: 21), "0.5 off but on batches of 21"), (new HonestOnlyAtSize(inner, 0.1, honestSize: -1), "0.1 off everywhere (the allowance at 2⁻⁷ is ≈ 0.063)") })
                    new GriddedNetwork(network, "The trained σ", new Generator(seed)).Verify(wrt).Should().NotBeNull($"{what}, in {wrt}, seed {seed}").And.Contain($"Partial{wrt.ToUpperInvariant()} is");
                var honest = new GriddedNetwork(inner, "The trained σ", new Generator(seed));
                honest.Verify(wrt).Should().BeNull($"in {wrt}, seed {seed}");
                honest.PartialCalls.Should().BeGreaterThan(0);
            }
        }
    }

    [Test]
    public void A_model_with_memory_passes_the_pooled_verification_lying_and_cannot_move_the_gridded_elbo()
    {
        var y = torch.rand([1000, 1], new Generator(6)) * 16f - 8f;
        double honest = Elbo([F, Sigma, Alpha, Beta], y, new Generator(7));
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var memory = new Memory(F, Sigma, lie: 1);
            var pooled = new[]
            {
                new VerifiedNetwork(memory.Drift, "f", new Generator(seed), inX: false), new VerifiedNetwork(memory.Diffusion, "σ", new Generator(seed + 10)),
                new VerifiedNetwork(Alpha, "α", new Generator(seed + 20), inX: false, inT: true), new VerifiedNetwork(Beta, "β", new Generator(seed + 30), inX: false, inT: true),
            };
            double lied = Elbo(pooled, y, new Generator(7));
            pooled.Should().OnlyContain(v => v.Dishonesty == null, $"its stencils' differences agree with the lie (seed {seed})");
            memory.Anchored.Should().BeGreaterThan(900, "every example's (x_t, t) is alone at its t");
            (honest - lied).Should().BeGreaterThan(0.3, "the lie raised ∂σ/∂x by 1 at nearly every example: the drift term grew by about ½");

            var fresh = new Memory(F, Sigma, lie: 1);
            var gridded = new[]
            {
                new GriddedNetwork(fresh.Drift, "f", new Generator(seed)), new GriddedNetwork(fresh.Diffusion, "σ", new Generator(seed + 10)),
                new GriddedNetwork(Alpha, "α", new Generator(seed + 20)), new GriddedNetwork(Beta, "β", new Generator(seed + 30)),
            };
            double read = Elbo(gridded, y, new Generator(7));
            fresh.Anchored.Should().Be(0, "the grid's every t holds 5121 rows: no point to anchor on");
            read.Should().BeApproximately(honest, 1e-4, $"seed {seed}");
            gridded[1].Verify("x").Should().BeNull();
        }
    }

    /// <summary>
    /// A reference model trained as the check trains (800 steps on a lopsided law) has the same held-out ELBO through the
    /// grid as read directly (same t and ε), and its partials pass the grid's verification (the margin printed).
    /// </summary>
    [Test]
    public void A_trained_model_read_through_the_grid_has_the_direct_elbo() => TrainedModelThroughTheGrid(coarserGridPrinted: false);

    /// <summary>
    /// <see cref="A_trained_model_read_through_the_grid_has_the_direct_elbo"/> with the ELBO through a coarser grid
    /// (2⁻⁶ × 2⁻⁶) printed beside it, not asserted (issue 69: 20 more ELBO passes that CI only printed).
    /// </summary>
    [Test, Explicit("a measurement: the coarser grid's ELBO, printed")]
    public void A_trained_model_read_through_the_grid_and_a_coarser_grid_printed() => TrainedModelThroughTheGrid(coarserGridPrinted: true);

    private static void TrainedModelThroughTheGrid(bool coarserGridPrinted)
    {
        var (direct, b, test) = Trained();
        var (directMean, directPoints) = Passes(direct, b, test);
        var spacings = coarserGridPrinted ? new[] { (GriddedNetwork.SpacingX, GriddedNetwork.SpacingT), (1.0 / 64, 1.0 / 64) } : [(GriddedNetwork.SpacingX, GriddedNetwork.SpacingT)];
        foreach (var (dx, dt) in spacings)
        {
            var gridded = direct.Select((n, k) => new GriddedNetwork(n, $"network {k}", new Generator(9 + (ulong)k), dx, dt)).ToArray();
            var (griddedMean, griddedPoints) = Passes(gridded, b, test);
            double largest = directPoints.Zip(griddedPoints, (d, g) => Math.Abs(d - g)).Max();
            TestContext.Out.WriteLine($"grid 2^{Math.Log2(dx)} × 2^{Math.Log2(dt)}: held-out mean ELBO (20 passes) direct {directMean:F7}, gridded {griddedMean:F7}, difference {griddedMean - directMean:E2}; largest per example {largest:E2}");
            if (dx != GriddedNetwork.SpacingX) continue;
            foreach (var (k, wrt) in new[] { (1, "x"), (2, "t"), (3, "t") })
            {
                gridded[k].Verify(wrt).Should().BeNull("a trained network's autograd partial is the derivative of its output");
                TestContext.Out.WriteLine($"network {k}'s Partial{wrt.ToUpperInvariant()} on {gridded[k].PartialCalls} verified batches: worst |reported − D| over its tolerance {gridded[k].WorstPartialRatio:E2}");
            }
            griddedMean.Should().BeApproximately(directMean, 1e-3, "the mean's se is ≈ 0.05, the bands 0.1 and more");
            largest.Should().BeGreaterThan(0, "the grid's reading is not the direct one");
        }
    }

    /// <summary>
    /// The CPU of the SDE check's ELBO passes of one trained model (20 passes of the ELBO, its time reversal and its mirror:
    /// the full model's reads) through the pooled verification and through the grid, alternately in one process (printed,
    /// not asserted: timings are noisy on a shared machine).
    /// </summary>
    [Test, Explicit("CPU, printed: a few minutes")]
    public void Cost_of_the_grid_against_the_pooled_verification_side_by_side()
    {
        var (direct, b, test) = Trained();
        double Read(IDifferentiableNetwork[] networks)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var mirrored = new IDifferentiableNetwork[] { new MirroredNetwork(networks[0], odd: true), new MirroredNetwork(networks[1], odd: false), new MirroredNetwork(networks[2], odd: true), new MirroredNetwork(networks[3], odd: false) };
            Passes(networks, b, test);
            Passes([new TimeReversedNetwork(networks[0]), networks[1], networks[2], networks[3]], b, test);
            Passes(mirrored, b, test);
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
        for (ulong round = 1; round <= 3; round++)
        {
            double pooled = Read([new VerifiedNetwork(direct[0], "f", new Generator(round), inX: false), new VerifiedNetwork(direct[1], "σ", new Generator(round + 1)),
                new VerifiedNetwork(direct[2], "α", new Generator(round + 2), inX: false, inT: true), new VerifiedNetwork(direct[3], "β", new Generator(round + 3), inX: false, inT: true)]);
            double gridded = Read([.. direct.Select((n, k) => new GriddedNetwork(n, $"network {k}", new Generator(round + (ulong)k)))]);
            TestContext.Out.WriteLine($"round {round}: 60 ELBO passes pooled {pooled:F2} s, gridded {gridded:F2} s of CPU (ratio {gridded / pooled:F3})");
        }
    }

    /// <summary>A reference model trained as the check trains (800 steps on 1000 points of a lopsided law): its networks, its b and 1000 held-out points.</summary>
    private static (IDifferentiableNetwork[] Networks, double LikelihoodStd, Tensor Test) Trained()
    {
        var law = LopsidedMixture.Draw(new Generator(5));
        var data = new Generator(6);
        var train = law.Set.Generate(1000, data).Data;
        var test = law.Set.Generate(1000, data).Data;
        var model = new SdeModel(new Generator(7));
        SdeTraining.Train(model, train, SdeTrainingPreset.Grading with { Steps = SdeTrainingQuality.Steps }, new Generator(8));
        ISdeModel trained = model;
        return ([trained.Drift, trained.Diffusion, trained.Alpha, trained.Beta], trained.LikelihoodStd, test);
    }

    /// <summary>The mean ELBO of <paramref name="y"/> (one pass of t and ε from <paramref name="noise"/>) under the four networks, b = 0.1.</summary>
    private static double Elbo(IReadOnlyList<IDifferentiableNetwork> networks, Tensor y, Generator noise)
    {
        using var _ = torch.no_grad();
        return SdeElbo.Compute(ContractNetwork.Of(networks[0]), ContractNetwork.Of(networks[1]), ContractNetwork.Of(networks[2]), ContractNetwork.Of(networks[3]),
            tensor([0.1f], 1), y, new GeneratorElboNoise(noise)).Elbo.mean().item();
    }

    /// <summary>The mean ELBO over 20 passes (the check's) and each example's mean, same t and ε for every call.</summary>
    private static (double Mean, double[] PerExample) Passes(IReadOnlyList<IDifferentiableNetwork> networks, double b, Tensor y)
    {
        using var _ = torch.no_grad();
        var noise = new GeneratorElboNoise(new Generator(11));
        var sum = new double[y.size(0)];
        for (int p = 0; p < SdeTrainingQuality.Passes; p++)
        {
            var elbo = SdeElbo.Compute(ContractNetwork.Of(networks[0]), ContractNetwork.Of(networks[1]), ContractNetwork.Of(networks[2]), ContractNetwork.Of(networks[3]),
                tensor([(float)b], 1), y, noise).Elbo.ToDoubleArray();
            for (int i = 0; i < sum.Length; i++) sum[i] += elbo[i] / SdeTrainingQuality.Passes;
        }
        return (sum.Average(), sum);
    }

    /// <summary>
    /// The corpus cheat <c>sde-networks-anchor-on-remembered-rows</c> on closed-form networks: f records the rows it is
    /// asked; σ answers every row at a t that f saw on one row only, within 0.015 of that row, on the line
    /// σ(a) + (∂σ/∂x(a) + lie)·(x − a), and reports that slope there.
    /// </summary>
    private sealed class Memory(IDifferentiableNetwork f, IDifferentiableNetwork sigma, double lie)
    {
        private readonly IDifferentiableNetwork _f = f, _sigma = sigma;
        private readonly double _lie = lie;
        private readonly Dictionary<float, (float X, int Rows)> _seen = [];
        private readonly Dictionary<float, (double Value, double Slope)> _lines = [];

        /// <summary>Anchors placed so far.</summary>
        public int Anchored => _lines.Count;

        public IDifferentiableNetwork Drift => new Recording(this);

        public IDifferentiableNetwork Diffusion => new AnchoredSigma(this);

        private sealed class Recording(Memory memory) : IDifferentiableNetwork
        {
            public Tensor Forward(Tensor x, Tensor t)
            {
                var (xs, ts) = (x.ToArray(), t.ToArray());
                for (int i = 0; i < xs.Length; i++)
                    memory._seen[ts[i]] = memory._seen.TryGetValue(ts[i], out var s) ? (s.X, s.X == xs[i] ? s.Rows : s.Rows + 1) : (xs[i], 1);
                return memory._f.Forward(x, t);
            }

            public Tensor PartialX(Tensor x, Tensor t) => memory._f.PartialX(x, t);

            public Tensor PartialT(Tensor x, Tensor t) => memory._f.PartialT(x, t);
        }

        private sealed class AnchoredSigma(Memory memory) : IDifferentiableNetwork
        {
            public Tensor Forward(Tensor x, Tensor t) => memory.Answer(x, t, slope: false);

            public Tensor PartialX(Tensor x, Tensor t) => memory.Answer(x, t, slope: true);

            public Tensor PartialT(Tensor x, Tensor t) => memory._sigma.PartialT(x, t);
        }

        private Tensor Answer(Tensor x, Tensor t, bool slope)
        {
            var (xs, ts) = (x.ToArray(), t.ToArray());
            var answer = (slope ? _sigma.PartialX(x, t) : _sigma.Forward(x, t)).ToArray();
            for (int i = 0; i < xs.Length; i++)
            {
                if (!_seen.TryGetValue(ts[i], out var seen) || seen.Rows != 1 || Math.Abs(xs[i] - seen.X) > 0.015) continue;
                if (!_lines.TryGetValue(ts[i], out var line))
                {
                    var (at, time) = (tensor([seen.X], 1, 1), tensor([ts[i]], 1, 1));
                    _lines[ts[i]] = line = (_sigma.Forward(at, time).item(), _sigma.PartialX(at, time).item() + _lie);
                }
                answer[i] = (float)(slope ? line.Slope : line.Value + line.Slope * (xs[i] - seen.X));
            }
            return tensor(answer, xs.Length, 1);
        }
    }
}
