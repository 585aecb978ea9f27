using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;
using Grader.Reference.Data;
using Grader.Reference.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="GriddedDrift"/>, the ODE check's reading of a trained drift (issue 45, items 1 and 2, "state across
/// calls"): the hand-in is asked only on the grid, so a drift with memory that anchors later rows on the points it was
/// asked before passes the pooled verification of <see cref="VerifiedNetwork"/> while lying, and has nothing to anchor on
/// through the grid; the grid's interpolation reads a trained drift as the direct solve does.
/// </summary>
public class GriddedDriftTests
{
    private static readonly RowFunction Honest = new((x, t) => Math.Sin(x) * (1 + t), (x, t) => Math.Cos(x) * (1 + t), (x, _) => Math.Sin(x));

    /// <summary>A drift whose flow keeps points 0.1 apart more than 0.04 apart over t ∈ [0, 1] (|∂f/∂x| ≤ 0.4).</summary>
    private static readonly RowFunction Gentle = new((x, t) => 0.2 * Math.Sin(x) * (1 + t), (x, t) => 0.2 * Math.Cos(x) * (1 + t), (x, _) => 0.2 * Math.Sin(x));

    [Test]
    public void The_interpolation_and_its_derivative_follow_a_smooth_drift_and_continue_it_linearly_beyond_the_grid()
    {
        var gridded = new GriddedDrift(Honest, "f", new Generator(1));
        var x = torch.rand([2000, 1], new Generator(2)) * 44f - 22f;
        var t = torch.full([2000, 1], 0.37f);
        var (xs, values, slopes) = (x.ToDoubleArray(), gridded.Forward(x, t).ToDoubleArray(), gridded.PartialX(x, t).ToDoubleArray());
        for (int i = 0; i < xs.Length; i++)
        {
            double at = Math.Clamp(xs[i], GriddedDrift.From, -GriddedDrift.From);
            double expected = Math.Sin(at) * 1.37 + Math.Cos(at) * 1.37 * (xs[i] - at);
            values[i].Should().BeApproximately(expected, Math.Abs(xs[i]) < 20 ? 1e-6 : 1e-2, $"x = {xs[i]}");
            if (Math.Abs(xs[i]) < 20) slopes[i].Should().BeApproximately(Math.Cos(xs[i]) * 1.37, 1e-4, $"x = {xs[i]}: the float32 values differenced over 2⁻⁸ (≈ 3e-5) and the cubic's O(Δ²)");
        }
        gridded.ForwardCalls.Should().BeGreaterThan(0);
        int calls = gridded.ForwardCalls;
        gridded.Forward(x, t);
        gridded.ForwardCalls.Should().Be(calls, "a time read before is not asked again");
    }

    [Test]
    public void The_hand_in_is_asked_on_the_grid_only_never_on_the_points_it_is_scored_on()
    {
        var spy = new NetworkSpy(Honest);
        var test = torch.rand([1000, 1], new Generator(3)) * 24f - 12f;
        var gridded = new GriddedDrift(spy, "f", new Generator(4));
        OdeLogLikelihood.Compute(ContractNetwork.Of(gridded), test, OdeMethod.Rk4);
        spy.PartialRows.Should().BeEmpty("the solve asks no PartialX: the verification comes after it");
        gridded.Verify().Should().BeNull();
        var grid = Enumerable.Range(0, (int)Math.Round(-2 * GriddedDrift.From / GriddedDrift.Spacing) + 1).Select(k => (float)(GriddedDrift.From + k * GriddedDrift.Spacing)).ToHashSet();
        spy.Rows.Should().OnlyContain(r => grid.Contains(r.X));
        spy.PartialRows.Should().OnlyContain(r => grid.Contains(r.X), "PartialX is asked only to verify it, on the grid's rows");
        spy.Sizes.Distinct().Count().Should().BeGreaterThan(10, "the batches are drawn");
        spy.PartialSizes.Distinct().Count().Should().BeGreaterThan(10, "the verified batches are drawn");
        spy.PartialSizes.Should().Contain(n => n >= 7 && n <= 40, "the probe's sizes are among them").And.Contain(n => n > 40);
    }

    /// <summary>
    /// Seeds 1 and 2 in CI (issue 69), the 20-seed sweep's first two: the verification draws many batch sizes in a run,
    /// not the probe's alone (<see cref="The_hand_in_is_asked_on_the_grid_only_never_on_the_points_it_is_scored_on"/>);
    /// the 20-seed sweep is the [Explicit] twin below.
    /// </summary>
    [Test]
    public void A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_columns_and_an_honest_one_is_not() =>
        PartialsOnTheGridColumns(seeds: 2);

    /// <summary>The 20-seed sweep of <see cref="A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_columns_and_an_honest_one_is_not"/>.</summary>
    [Test]
    [Explicit("20-seed sweep; CI runs 2 seeds")]
    public void A_partial_honest_only_on_the_probe_s_size_or_off_by_a_little_is_refused_on_the_grid_columns_on_20_seeds() =>
        PartialsOnTheGridColumns(seeds: 20);

    private static void PartialsOnTheGridColumns(int seeds)
    {
        var test = torch.rand([300, 1], new Generator(3)) * 24f - 12f;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            foreach (var (network, what) in new (IDifferentiableNetwork, string)[] { (new HonestOnlyAtSize(Honest, 1.5, honestSize: 21), "1.5 off but on batches of 21"), (new HonestOnlyAtSize(Honest, 0.05, honestSize: -1), "0.05 off everywhere") })
            {
                var gridded = new GriddedDrift(network, "The trained drift", new Generator(seed));
                OdeLogLikelihood.Compute(ContractNetwork.Of(gridded), test, OdeMethod.Rk4);
                gridded.Verify().Should().NotBeNull($"{what}, seed {seed}").And.Contain("PartialX is");
            }
            var honest = new GriddedDrift(Honest, "The trained drift", new Generator(seed));
            OdeLogLikelihood.Compute(ContractNetwork.Of(honest), test, OdeMethod.Rk4);
            honest.Verify().Should().BeNull($"seed {seed}");
            honest.PartialCalls.Should().BeGreaterThan(0);
        }
    }

    [Test]
    public void A_drift_with_memory_passes_the_pooled_verification_lying_and_cannot_move_the_gridded_likelihood()
    {
        for (ulong seed = 1; seed <= 5; seed++)
        {
            // Points 0.1 apart: each is isolated, as the held-out points in the mixture's tails and gaps are.
            var y = torch.linspace(-10, 10, 201).reshape(201, 1) + (torch.rand([201, 1], new Generator(seed)) * 0.02f - 0.01f);
            var remembering = new Remembering(Gentle, lie: 3);
            var verified = new VerifiedNetwork(remembering, "The trained drift", new Generator(seed + 10));
            double lied = OdeLogLikelihood.Compute(ContractNetwork.Of(verified), y, OdeMethod.Rk4).mean().item();
            double honest = OdeLogLikelihood.Compute(ContractNetwork.Of(Gentle), y, OdeMethod.Rk4).mean().item();
            verified.Dishonesty.Should().BeNull($"its stencils' differences agree with the lie (seed {seed})");
            (honest - lied).Should().BeGreaterThan(2.5, "the lie raised ∂f/∂x by 3 at nearly every stage: log p fell by about 3");
            remembering.Anchored.Should().BeGreaterThan(0);

            var fresh = new Remembering(Gentle, lie: 3);
            var grid = new GriddedDrift(fresh, "The trained drift", new Generator(seed + 20));
            double gridded = OdeLogLikelihood.Compute(ContractNetwork.Of(grid), y, OdeMethod.Rk4).mean().item();
            fresh.Anchored.Should().Be(0, "the solve asks it no PartialX, nor any point but the grid's");
            gridded.Should().BeApproximately(honest, 1e-4, $"seed {seed}");
            grid.Verify();
            grid.PartialCalls.Should().BeGreaterThan(0, "its PartialX is verified after the solve");
        }
    }

    /// <summary>
    /// The drift <see cref="ShortTrainedDrift"/> trained (24 steps of the grading preset on 1000 points of the Laplace
    /// mixture, shared with <see cref="OdeTrainingTests"/>), read through the grid, against its direct solve on the 1000
    /// held-out points (the shared run's). Before issue 69 a drift of its own (32 steps on the lopsided mixture) was
    /// trained here: the gridded mean then differed by 1e-7 and the largest point by 4e-5, within the 2e-3 the bands'
    /// width allows by four orders; a trained network's smoothness, not its data, is what the grid's reading rests on.
    /// </summary>
    [Test]
    public void A_trained_drift_read_through_the_grid_scores_as_the_direct_solve()
    {
        var run = ShortTrainedDrift.Value;
        double[] direct = run.After, gridded;
        // The grid that scores is the one verified after its solve (as the check does): no third solve for the verification.
        var verified = new GriddedDrift(run.Drift, "f", new Generator(9));
        using (torch.no_grad())
            gridded = OdeLogLikelihood.Compute(ContractNetwork.Of(verified), run.Test, OdeMethod.Rk4).ToDoubleArray();
        double largest = direct.Zip(gridded, (d, g) => Math.Abs(d - g)).Max();
        verified.Verify();
        TestContext.Out.WriteLine($"its PartialX on {verified.PartialCalls} verified batches: worst |reported − D| over its tolerance {verified.WorstPartialRatio:E2}");
        verified.Dishonesty.Should().BeNull("a trained network's autograd partial is the derivative of its output");
        TestContext.Out.WriteLine($"held-out mean log p: direct {direct.Average():F7}, gridded {gridded.Average():F7}, difference {gridded.Average() - direct.Average():E2}; largest per point {largest:E2}");
        gridded.Average().Should().BeApproximately(direct.Average(), 2e-3, "the bands are 0.5 and more wide");
        largest.Should().BeGreaterThan(0, "the grid's reading is not the direct one");
    }

    /// <summary>
    /// The CPU of the ODE check's solves of one trained drift (the held-out log p, its mirror, its time reversal: the
    /// full network's and the direction probe's reads) through the pooled verification and through the grid, alternately
    /// in one process (printed, not asserted: timings are noisy on a shared machine).
    /// </summary>
    [Test, Explicit("CPU, printed: a few minutes")]
    public void Cost_of_the_grid_against_the_pooled_verification_side_by_side()
    {
        var (drift, test) = (ShortTrainedDrift.Value.Drift, ShortTrainedDrift.Value.Test);
        double Solves(IDifferentiableNetwork read)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            using (torch.no_grad())
                foreach (var network in new[] { read, new MirroredNetwork(read, odd: true), new TimeReversedNetwork(read) })
                    OdeLogLikelihood.Compute(ContractNetwork.Of(network), test, OdeMethod.Rk4);
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }
        for (ulong round = 1; round <= 3; round++)
        {
            double pooled = Solves(new VerifiedNetwork(drift, "f", new Generator(round)));
            double gridded = Solves(new GriddedDrift(drift, "f", new Generator(round)));
            TestContext.Out.WriteLine($"round {round}: three solves pooled {pooled:F2} s, gridded {gridded:F2} s of CPU (ratio {gridded / pooled:F3})");
        }
    }

    /// <summary>
    /// A drift with memory (the corpus cheat <c>ode-drift-anchors-on-remembered-points</c>, on a closed-form f): keeps the
    /// points of the last PartialX, moves them on to the next call's t along f, and answers every row within 0.015 of
    /// one with no other within 0.04 on the line f(a) + (∂f/∂x(a) + lie)·(x − a), reporting that slope there.
    /// </summary>
    private sealed class Remembering(IDifferentiableNetwork inner, double lie) : IDifferentiableNetwork
    {
        private const double Isolation = 0.04, Capture = 0.015;
        private float[] _centres = [];
        private float _time = float.NaN, _anchorTime = float.NaN;
        private bool _moved;
        private double[] _anchors = [], _values = [], _slopes = [];

        /// <summary>Anchors placed so far.</summary>
        public int Anchored { get; private set; }

        public Tensor Forward(Tensor x, Tensor t) => Answer(x, t, slope: false);

        public Tensor PartialX(Tensor x, Tensor t)
        {
            var answer = Answer(x, t, slope: true);
            (_centres, _time, _moved) = (x.ToArray(), t.ToArray()[0], true);
            return answer;
        }

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);

        private Tensor Answer(Tensor x, Tensor t, bool slope)
        {
            var (xs, ts) = (x.ToArray(), t.ToArray());
            var answer = (slope ? inner.PartialX(x, t) : inner.Forward(x, t)).ToArray();
            if (xs.Length == 0) return tensor(answer, 0, 1);
            if (_moved || ts[0] != _anchorTime) Anchor(ts[0]);
            for (int i = 0; i < xs.Length; i++)
            {
                int a = Array.FindIndex(_anchors, c => Math.Abs(c - xs[i]) <= Capture);
                if (a >= 0) answer[i] = (float)(slope ? _slopes[a] : _values[a] + _slopes[a] * (xs[i] - _anchors[a]));
            }
            return tensor(answer, xs.Length, 1);
        }

        private void Anchor(float time)
        {
            (_anchorTime, _moved, _anchors) = (time, false, []);
            int n = _centres.Length;
            if (n == 0 || !(Math.Abs(time - _time) <= 0.02)) return;
            var f = inner.Forward(tensor(_centres, n, 1), full([n, 1], _time)).ToArray();
            var moved = _centres.Select((c, i) => c + (time - (double)_time) * f[i]).Order().ToArray();
            _anchors = [.. moved.Where((c, i) => (i == 0 || c - moved[i - 1] > Isolation) && (i == n - 1 || moved[i + 1] - c > Isolation))];
            if (_anchors.Length == 0) return;
            var at = tensor(_anchors.Select(v => (float)v).ToArray(), _anchors.Length, 1);
            var times = full([_anchors.Length, 1], time);
            _values = inner.Forward(at, times).ToDoubleArray();
            _slopes = [.. inner.PartialX(at, times).ToDoubleArray().Select(v => v + lie)];
            Anchored += _anchors.Length;
        }
    }
}
