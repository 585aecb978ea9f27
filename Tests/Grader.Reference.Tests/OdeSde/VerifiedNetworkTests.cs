using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="VerifiedNetwork"/> and the drawn probe of <see cref="TrainedNetworkHonesty"/>: an honest closed-form
/// network passes on any batch; one honest only on batches of 21 points (the old fixed probe's size) is found on the
/// first batch of another size the scoring reads, and the probe's size changes from run to run. The finite-difference
/// steps are the grader's (issue 45, item 2): a drift oscillating at the old fixed step's scale, which made the old
/// allowance |D(h) − D(h/2)| as large as its lie about ∂f/∂x, passed the old rule and fails the new one on every draw.
/// </summary>
public class VerifiedNetworkTests
{
    private static readonly RowFunction Honest = new((x, t) => Math.Sin(x) * (1 + t), (x, t) => Math.Cos(x) * (1 + t), (x, _) => Math.Sin(x));

    [Test]
    public void An_honest_network_passes_on_every_batch_size()
    {
        var verified = new VerifiedNetwork(Honest, "f", new Generator(1));
        foreach (var n in new[] { 1, 21, 1000 })
        {
            var x = linspace(-10, 10, n).reshape(n, 1);
            var t = full([n, 1], 0.3f);
            verified.PartialX(x, t);
            verified.PartialT(x, t);
        }
        verified.Dishonesty.Should().BeNull();
        verified.VerifiedCalls.Should().Be(6);
    }

    [Test]
    public void A_network_honest_only_at_the_old_probe_size_is_found_on_the_likelihoods_batch()
    {
        var verified = new VerifiedNetwork(new HonestAtTwentyOne(Honest), "The trained drift", new Generator(2));
        var probe = linspace(-10, 10, 21).reshape(21, 1);
        verified.PartialX(probe, full([21, 1], 0.5f));
        verified.Dishonesty.Should().BeNull("on 21 points it reports the true derivative");
        var batch = linspace(-10, 10, 1000).reshape(1000, 1);
        verified.PartialX(batch, full([1000, 1], 0.5f));
        verified.Dishonesty.Should().Contain("The trained drift's PartialX");
    }

    /// <summary>f = C·x³/6 (f‴ = C = 1e5, far above the 6·10³ the rule's truncation allows), its derivative honest; near x = 0 (|x| ≤ 0.05) the slopes stay ≤ 125.</summary>
    private static readonly RowFunction Steep = new((x, _) => 1e5 * x * x * x / 6, (x, _) => 1e5 * x * x / 2, (_, _) => 0);

    [Test]
    public void A_steep_honest_network_is_refused_as_unverifiable_and_a_liar_of_the_same_shape_as_dishonest()
    {
        // The note's "Eighth stop", item 2: the mutant training-trace-sign, whose PartialX is autograd's, was refused as
        // a dishonest derivative where its drift curves sharply. The differences of a cubic less their truncation f‴h²/6
        // (f‴ read from the coarsest and finest differences) are its derivative at every step; a reported value off by 0.5
        // stays off by 0.5 after the same correction.
        int steepRefused = 0, liarRefused = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var x = linspace(-0.05, 0.05, 15).reshape(15, 1);
            var t = full([15, 1], 0.5f);
            var honest = new VerifiedNetwork(Steep, "The trained drift", new Generator(seed));
            honest.PartialX(x, t);
            if (honest.Dishonesty is { } steep)
            {
                steepRefused++;
                steep.Should().Contain("cannot be verified", $"seed {seed}: its derivative is the derivative of its output").And.NotContain("must be the derivative");
            }
            var liar = new VerifiedNetwork(new RowFunction((v, _) => 1e5 * v * v * v / 6, (v, _) => 1e5 * v * v / 2 + 0.5, (_, _) => 0), "The trained drift", new Generator(seed));
            liar.PartialX(x, t);
            liar.Dishonesty.Should().NotBeNull($"seed {seed}: a derivative off by 0.5 is refused").And.Contain("must be the derivative", $"seed {seed}: off by 0.5 at every scale");
            liarRefused++;
        }
        TestContext.Out.WriteLine($"steep honest network refused as unverifiable on {steepRefused} of 20 draws; the liar as dishonest on {liarRefused} of 20");
        steepRefused.Should().BeGreaterThan(10, "f‴ = 1e5 exceeds the truncation allowance at the largest steps of most draws");
    }

    [Test]
    public void The_probe_is_drawn_per_run_in_size_position_and_time()
    {
        var probes = Enumerable.Range(1, 20).Select(seed => TrainedNetworkHonesty.Probe(new Generator((ulong)seed))).ToList();
        probes.Select(p => p.X.size(0)).Distinct().Count().Should().BeGreaterThan(5);
        probes.Should().OnlyContain(p => p.X.size(0) >= 7 && p.X.size(0) <= 40 && p.T.size(0) == p.X.size(0));
        probes.Select(p => p.T.ToDoubleArray()[0]).Distinct().Count().Should().Be(20);
        probes.SelectMany(p => p.X.ToDoubleArray()).Should().OnlyContain(v => v >= -12 && v <= 12);
    }

    /// <summary>The old step, 1e-2, and the oscillation ω·h = 1.5π there (so ω·h/2 = 0.75π): sinc 1.5π ≈ −0.212, sinc 0.75π ≈ 0.300.</summary>
    private const double OldStep = 1e-2, Omega = 1.5 * Math.PI / OldStep, Amplitude = 7 / Omega;

    /// <summary>
    /// sin(x)(1 + t) plus A·sin(ωx), A·ω = 7, reporting ∂f/∂x = cos(x)(1 + t) − 0.6·Aω·|cos ωx|: up to 4.2 below the
    /// derivative of the smooth part (a trace that lowers, so a log-likelihood that raises), and far from the true one.
    /// </summary>
    private static readonly RowFunction Oscillating = new(
        (x, t) => Math.Sin(x) * (1 + t) + Amplitude * Math.Sin(Omega * x),
        (x, t) => Math.Cos(x) * (1 + t) - 0.6 * Amplitude * Omega * Math.Abs(Math.Cos(Omega * x)),
        (x, _) => Math.Sin(x));

    /// <summary>The rule before issue 45: steps 1e-2 and 5e-3, allowance 2e-3·(1 + |D|) + 2e-3·max|f| + 2·|D(h) − D(h/2)|.</summary>
    private static bool OldRuleAccepts(IDifferentiableNetwork network, Tensor x, Tensor t)
    {
        double[] D(float h) => [.. network.Forward(x + h, t).ToDoubleArray().Zip(network.Forward(x - h, t).ToDoubleArray(), (p, m) => (p - m) / (2.0 * h))];
        var reported = network.PartialX(x, t).ToDoubleArray();
        var scale = network.Forward(x, t).ToDoubleArray().Max(Math.Abs);
        var (coarse, fine) = (D((float)OldStep), D((float)OldStep / 2));
        return reported.Select((r, i) => Math.Abs(r - fine[i]) <= 2e-3 * (1 + Math.Abs(fine[i])) + 2e-3 * scale + 2 * Math.Abs(coarse[i] - fine[i])).All(ok => ok);
    }

    [Test]
    public void A_drift_oscillating_at_the_old_step_passed_the_old_rule_and_fails_at_the_graders_drawn_steps()
    {
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var (x, t) = TrainedNetworkHonesty.Probe(new Generator(seed));
            OldRuleAccepts(Oscillating, x, t).Should().BeTrue($"the old allowance covers the lie (seed {seed})");
            TrainedNetworkHonesty.Compare(Oscillating, "The trained drift", x, t, "x", Oscillating.PartialX(x, t), new Generator(seed + 100))
                .Should().Contain("at every scale", $"seed {seed}");
        }
    }

    [Test]
    public void A_drift_oscillating_finer_than_the_steps_is_not_verified_even_when_honest_and_a_smooth_one_is()
    {
        var honest = new RowFunction((x, t) => Math.Sin(x) * (1 + t) + Amplitude * Math.Sin(Omega * x), (x, t) => Math.Cos(x) * (1 + t) + Amplitude * Omega * Math.Cos(Omega * x), (x, _) => Math.Sin(x));
        for (ulong seed = 1; seed <= 50; seed++)
        {
            var (x, t) = TrainedNetworkHonesty.Probe(new Generator(seed));
            TrainedNetworkHonesty.Compare(honest, "f", x, t, "x", honest.PartialX(x, t), new Generator(seed + 100)).Should().NotBeNull("its differences do not converge over the drawn steps, so its derivative is not verified");
            TrainedNetworkHonesty.Check(Honest, "f", x, t, inX: true, inT: true, new Generator(seed + 200)).Should().BeNull($"seed {seed}");
            OldRuleAccepts(Honest, x, t).Should().BeTrue();
        }
    }

    [Test]
    public void The_steps_span_decades_per_point()
    {
        var scales = TrainedNetworkHonesty.Scales(10_000, new Generator(4));
        scales.Should().HaveCount(3);
        scales[0].Should().OnlyContain(h => h >= TrainedNetworkHonesty.SmallestFirstStep && h <= TrainedNetworkHonesty.LargestFirstStep);
        scales[0].Min().Should().BeLessThan(1.1e-3);
        scales[0].Max().Should().BeGreaterThan(0.9e-2);
        for (var k = 1; k < 3; k++)
            scales[k].Zip(scales[k - 1]).Should().OnlyContain(p => p.Second / p.First >= 2.5 - 1e-9 && p.Second / p.First <= 6.31);
        scales[2].Min().Should().BeLessThan(5e-5, "the three steps of a point reach over more than two decades below the largest");
        scales[0].Distinct().Count().Should().Be(10_000, "each point has its own steps");
    }

    /// <summary>
    /// The old protocol of <see cref="VerifiedNetwork"/> (before issue 45's item 1 for this family): the scoring's Forward
    /// of (x, t), the reported PartialX of the same points, then Forward at x ± h for each scale, right after it.
    /// </summary>
    private static bool OldProtocolAccepts(IDifferentiableNetwork network, Tensor x, Tensor t, Generator steps)
    {
        network.Forward(x, t);
        var reported = network.PartialX(x, t).ToDoubleArray();
        var scales = TrainedNetworkHonesty.Scales(x.size(0), steps);
        foreach (var h in scales)
        {
            var step = tensor(h.Select(v => (float)v).ToArray(), h.Length, 1);
            var (up, down) = (x + step, x - step);
            var plus = network.Forward(up, t).ToDoubleArray();
            var minus = network.Forward(down, t).ToDoubleArray();
            var (u, d) = (up.ToDoubleArray(), down.ToDoubleArray());
            for (int i = 0; i < h.Length; i++)
            {
                double fd = (plus[i] - minus[i]) / (u[i] - d[i]);
                if (!(Math.Abs(reported[i] - fd) <= TrainedNetworkHonesty.Relative * (1 + Math.Abs(fd)) + 64 * Math.Pow(2, -24) * 2 / (u[i] - d[i]) + TrainedNetworkHonesty.Curvature * h[i] * h[i])) return false;
            }
        }
        return true;
    }

    [Test]
    public void A_network_that_answers_the_calls_after_its_partial_as_its_lie_passed_the_old_protocol_and_fails_the_pooled_one()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var (x, t) = TrainedNetworkHonesty.Probe(new Generator(seed));
            OldProtocolAccepts(new LinearAfterPartial(Honest), x, t, new Generator(seed + 100)).Should().BeTrue($"the calls right after PartialX are answered along the lie (seed {seed})");
            TrainedNetworkHonesty.Check(new LinearAfterPartial(Honest), "The trained drift", x, t, inX: true, inT: false, new Generator(seed + 100))
                .Should().Contain("The trained drift's PartialX", $"seed {seed}");
            var verified = new VerifiedNetwork(new LinearAfterPartial(Honest), "The trained drift", new Generator(seed + 200));
            var batch = torch.rand([1000, 1], new Generator(seed + 300)) * 24f - 12f;
            var time = full([1000, 1], 0.5f);
            for (int call = 0; call < 3; call++)
            {
                verified.Forward(batch, time);
                verified.PartialX(batch, time);
            }
            verified.Dishonesty.Should().Contain("The trained drift's PartialX", $"seed {seed}: the scoring's own calls");
        }
    }

    [Test]
    public void Every_forward_the_network_sees_mixes_scored_and_verifying_rows_in_drawn_sizes_and_the_scored_values_come_from_those_calls()
    {
        var spy = new Spy(Honest);
        var verified = new VerifiedNetwork(spy, "f", new Generator(5));
        var sizes = new List<int>();
        for (int k = 0; k < 20; k++)
        {
            var x = torch.rand([1000, 1], new Generator((ulong)(k + 10))) * 20f - 10f;
            var t = full([1000, 1], 0.1f * (k % 10));
            spy.Calls.Clear();
            var scored = verified.Forward(x, t).ToDoubleArray();
            verified.PartialX(x, t);
            spy.Calls.Select(c => c.Length).Sum().Should().Be(7 * 1000, "the points and their six stencil rows, each asked once");
            var xs = x.ToDoubleArray();
            var points = xs.Select(v => (float)v).ToHashSet();
            var seen = spy.Calls.SelectMany(c => c).Select(r => r.X).ToHashSet();
            points.Should().OnlyContain(v => seen.Contains(v), "every scored point is in the pooled calls");
            spy.Calls.Where(c => c.Length >= 64).Should().OnlyContain(c => c.Any(r => points.Contains(r.X)) && c.Any(r => !points.Contains(r.X)), "each call mixes scored points and stencil rows");
            scored.Should().Equal(xs.Select(v => Math.Sin((float)v) * (1 + (float)(0.1f * (k % 10)))).Select(v => (double)(float)v), (a, b) => Math.Abs(a - b) < 1e-6);
            sizes.AddRange(spy.Calls.Select(c => c.Length));
        }
        sizes.Distinct().Count().Should().BeGreaterThan(10, "the batch sizes are drawn per pool");
        verified.Dishonesty.Should().BeNull();
    }

    [Test]
    public void No_call_holds_two_rows_of_one_point()
    {
        var spy = new Spy(Honest);
        var verified = new VerifiedNetwork(spy, "σ", new Generator(6), inX: true, inT: true);
        for (int k = 0; k < 10; k++)
        {
            // 200 points 0.1 apart: a row belongs to the point nearest it (a stencil reaches 1e-2 from its point in x or t).
            var x = linspace(-10, 10, 201).reshape(201, 1);
            var t = full([201, 1], 0.05f + 0.09f * k);
            spy.Calls.Clear();
            verified.Forward(x, t);
            verified.PartialX(x, t);
            verified.PartialT(x, t);
            spy.Calls.Select(c => c.Length).Sum().Should().Be(13 * 201, "each point and its six rows in x and six in t, asked once");
            spy.Calls.Count.Should().BeGreaterThanOrEqualTo(13, "one layer of one row per point at least per row kind");
            foreach (var call in spy.Calls)
                call.Select(r => (int)Math.Round((r.X + 10) * 10)).Should().OnlyHaveUniqueItems("a call holds at most one row of each point");
        }
        verified.Dishonesty.Should().BeNull();
    }

    [Test]
    public void A_network_that_answers_a_stencil_it_finds_in_one_call_along_its_lie_passed_the_single_order_pool_and_finds_none_now()
    {
        int lied = 0, accepted = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            // The scoring's pools: 1000 points at one t. Old: the 7000 rows in one drawn order and drawn sizes. The finder
            // lies only at points whose stencil it answered along the lie; it is caught only where a row of another point
            // happens to mirror a stencil row within a float32 rounding (about 290 rows per unit of x here) and it takes that one.
            var x = torch.rand([1000, 1], new Generator(seed + 400)) * 24f - 12f;
            var t = full([1000, 1], 0.5f);
            var old = new StencilFinder(Honest, lieEverywhere: false);
            if (SingleOrderPoolJudges(old, x, t, new Generator(seed + 500)) is null) (accepted, lied) = (accepted + 1, lied + old.Lied);

            var now = new StencilFinder(Honest, lieEverywhere: false);
            var verified = new VerifiedNetwork(now, "The trained drift", new Generator(seed + 600));
            verified.Forward(x, t);
            verified.PartialX(x, t);
            now.Lied.Should().Be(0, $"no call holds a point's stencil, so it finds none (seed {seed})");
            verified.Dishonesty.Should().BeNull();

            // The honesty probe (7–40 points): its pool fitted one call of the old order on most runs; one that lies at
            // every point passed there and is refused now.
            var (px, pt) = TrainedNetworkHonesty.Probe(new Generator(seed));
            TrainedNetworkHonesty.Check(new StencilFinder(Honest, lieEverywhere: true), "The trained drift", px, pt, inX: true, inT: false, new Generator(seed + 700))
                .Should().Contain("The trained drift's PartialX", $"seed {seed}");
        }
        TestContext.Out.WriteLine($"single-order pool: the stencil finder passed {accepted} of 20 pools, lying at {lied} of their {1000 * accepted} points");
        accepted.Should().BeGreaterThanOrEqualTo(10, "the single-order pool did not refuse it");
        ((double)lied / (1000 * accepted)).Should().BeGreaterThan(0.05, "the single-order pool left a point's rows in one call often enough for the lie to move a likelihood");
    }

    [Test]
    public void A_network_that_lies_everywhere_and_answers_the_stencils_it_finds_passed_the_probe_in_one_call()
    {
        int passedBefore = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var (x, t) = TrainedNetworkHonesty.Probe(new Generator(seed));
            if (SingleOrderPoolJudges(new StencilFinder(Honest, lieEverywhere: true), x, t, new Generator(seed + 700)) is null) passedBefore++;
        }
        TestContext.Out.WriteLine($"single-order pool: the probe passed {passedBefore} of 20");
        passedBefore.Should().BeGreaterThan(10, "the probe's 49–280 rows fitted one call of the single-order pool on most draws");
    }

    /// <summary>
    /// The pool before the layers (issue 45's item 1, second stop): the n points and their six rows at x ± h in one
    /// order drawn per pool, cut into drawn batch sizes, then PartialX of the points held to the differences (as
    /// <see cref="TrainedNetworkHonesty.Judge"/>): null when accepted, else what disagrees.
    /// </summary>
    private static string? SingleOrderPoolJudges(IDifferentiableNetwork network, Tensor x, Tensor t, Generator steps)
    {
        var (xs, ts) = (x.ToArray(), t.ToArray());
        int n = xs.Length;
        var scales = TrainedNetworkHonesty.Scales(n, steps);
        var (poolX, poolT) = (new float[7 * n], new float[7 * n]);
        for (int j = 0; j < 7; j++)
            for (int i = 0; i < n; i++)
                (poolX[j * n + i], poolT[j * n + i]) = (j == 0 ? xs[i] : (float)(xs[i] + (j % 2 == 1 ? 1 : -1) * scales[(j - 1) / 2][i]), ts[i]);
        var values = new float[7 * n];
        var order = steps.Permutation(7 * n);
        int done = 0;
        foreach (var size in Grader.Checks.Hidden.Training.DrawnBatches.Sizes(steps, 7 * n))
        {
            var rows = order.Skip(done).Take(size).ToArray();
            var output = network.Forward(tensor(rows.Select(r => poolX[r]).ToArray(), size, 1), tensor(rows.Select(r => poolT[r]).ToArray(), size, 1)).ToArray();
            for (int k = 0; k < size; k++) values[rows[k]] = output[k];
            done += size;
        }
        var (difference, rounding) = (new double[3][], new double[3][]);
        for (int k = 0; k < 3; k++)
        {
            (difference[k], rounding[k]) = (new double[n], new double[n]);
            for (int i = 0; i < n; i++)
            {
                int up = (1 + 2 * k) * n + i, down = up + n;
                double taken = ((double)poolX[up] - poolX[down]) / 2;
                difference[k][i] = ((double)values[up] - values[down]) / (2 * taken);
                rounding[k][i] = 64 * Math.Pow(2, -24) * (Math.Max(1, Math.Abs((double)values[up])) + Math.Max(1, Math.Abs((double)values[down]))) / (2 * taken);
            }
        }
        return TrainedNetworkHonesty.Judge("f", xs, ts, "x", network.PartialX(x, t), new TrainedNetworkHonesty.Stencil(scales, difference, rounding));
    }

    /// <summary>
    /// Looks in each Forward call for a point's stencil: a row x₀ with three pairs of rows at the same t symmetric about
    /// it within 1.1e-2 (a float32 rounding apart; exactly three, at distances shaped as the grader's steps, so rows of other points that happen to pair are not taken). It answers each such pair along its lie, f(x₀) + (∂f/∂x(x₀) − 1.5)·(x − x₀),
    /// every other row honestly, and remembers x₀. Its PartialX reports ∂f/∂x − 1.5 at the points it remembers (or at
    /// every point, <paramref name="lieEverywhere"/>), so the differences of a stencil found in one call agree with the lie.
    /// </summary>
    private sealed class StencilFinder(IDifferentiableNetwork inner, bool lieEverywhere) : IDifferentiableNetwork
    {
        private readonly HashSet<(float X, float T)> _centres = [];

        /// <summary>The points at which PartialX reported the lie.</summary>
        public int Lied { get; private set; }

        public Tensor Forward(Tensor x, Tensor t)
        {
            var (xs, ts) = (x.ToArray(), t.ToArray());
            var values = inner.Forward(x, t).ToDoubleArray();
            var slopes = inner.PartialX(x, t).ToDoubleArray();
            var rows = Enumerable.Range(0, xs.Length).OrderBy(i => ts[i]).ThenBy(i => xs[i]).ToArray();
            for (int a = 0; a < rows.Length; a++)
            {
                int c = rows[a];
                var near = new List<int>();
                for (int b = a - 1; b >= 0 && ts[rows[b]] == ts[c] && xs[c] - xs[rows[b]] <= 1.1e-2; b--) near.Add(rows[b]);
                for (int b = a + 1; b < rows.Length && ts[rows[b]] == ts[c] && xs[rows[b]] - xs[c] <= 1.1e-2; b++) near.Add(rows[b]);
                if (near.Count < 6) continue;
                double tolerance = 1.2e-7 * Math.Max(1, Math.Abs(xs[c]) + 1.1e-2);
                var downs = near.Where(d => xs[d] < xs[c]).ToArray();
                if (downs.Length < 3) continue;
                var pairs = near.Where(u => xs[u] > xs[c]).Select(u => (Up: u, Down: downs.MinBy(d => Math.Abs(xs[u] + xs[d] - 2.0 * xs[c]))))
                    .Where(p => Math.Abs(xs[p.Up] + xs[p.Down] - 2.0 * xs[c]) <= tolerance).OrderByDescending(p => xs[p.Up]).ToArray();
                if (pairs.Length != 3 || !Steps(pairs.Select(p => xs[p.Up] - (double)xs[c]).ToArray())) continue;
                _centres.Add((xs[c], ts[c]));
                foreach (var (up, down) in pairs)
                    foreach (var r in new[] { up, down })
                        values[r] = values[c] + (slopes[c] - 1.5) * (xs[r] - xs[c]);
            }
            return tensor(values.Select(v => (float)v).ToArray(), xs.Length, 1);
        }

        /// <summary>Whether three distances, largest first, look like the grader's steps: the largest at most 1e-2, each next 2.5–6.3 times smaller.</summary>
        private static bool Steps(double[] h) => h[0] <= 1.01e-2 && h[0] / h[1] is >= 2.4 and <= 6.4 && h[1] / h[2] is >= 2.4 and <= 6.4;

        public Tensor PartialX(Tensor x, Tensor t)
        {
            var (xs, ts) = (x.ToArray(), t.ToArray());
            var slopes = inner.PartialX(x, t).ToDoubleArray();
            var lie = xs.Select((v, i) => lieEverywhere || _centres.Contains((v, ts[i]))).ToArray();
            Lied += lie.Count(l => l);
            return tensor(slopes.Select((s, i) => (float)(lie[i] ? s - 1.5 : s)).ToArray(), xs.Length, 1);
        }

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }

    /// <summary>
    /// Honest on every call but those right after its PartialX on the same count of points: there, each row x' close to
    /// the i-th point x of that PartialX gets f(x) + (∂f/∂x(x) − 1.5)·(x' − x), so central differences around the points
    /// agree with its lie (∂f/∂x 1.5 too low), while the scoring's Forward before the PartialX gets the true f.
    /// </summary>
    private sealed class LinearAfterPartial(IDifferentiableNetwork inner) : IDifferentiableNetwork
    {
        private double[]? _points, _values, _lies;

        public Tensor Forward(Tensor x, Tensor t)
        {
            var honest = inner.Forward(x, t);
            var xs = x.ToDoubleArray();
            if (_points is null || xs.Length != _points.Length || xs.Select((v, i) => Math.Abs(v - _points[i])).Max() > 0.011) return honest;
            return tensor(xs.Select((v, i) => _values![i] + _lies![i] * (v - _points[i])).ToArray(), xs.Length, 1);
        }

        public Tensor PartialX(Tensor x, Tensor t)
        {
            var lie = inner.PartialX(x, t) - 1.5f;
            (_points, _values, _lies) = (x.ToDoubleArray(), inner.Forward(x, t).ToDoubleArray(), lie.ToDoubleArray());
            return lie;
        }

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }

    /// <summary>Records the rows of every Forward call.</summary>
    private sealed class Spy(IDifferentiableNetwork inner) : IDifferentiableNetwork
    {
        public List<(float X, float T)[]> Calls { get; } = [];

        public Tensor Forward(Tensor x, Tensor t)
        {
            var (xs, ts) = (x.ToArray(), t.ToArray());
            Calls.Add(xs.Select((v, i) => (v, ts[i])).ToArray());
            return inner.Forward(x, t);
        }

        public Tensor PartialX(Tensor x, Tensor t) => inner.PartialX(x, t);

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }

    /// <summary>∂f/∂x 1.5 too low on any batch but 21 points.</summary>
    private sealed class HonestAtTwentyOne(IDifferentiableNetwork inner) : IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => inner.Forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => x.size(0) == 21 ? inner.PartialX(x, t) : inner.PartialX(x, t) - 1.5f;

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }
}
