using Grader.Checks.Hidden.OdeSde;
using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// <see cref="VerifiedNetwork"/> and the drawn probe of <see cref="TrainedNetworkHonesty"/>: an honest closed-form
/// network passes on any batch; one honest only on batches of 21 points (the old fixed probe's size) is found on the
/// first batch of another size the scoring reads, and the probe's size changes from run to run.
/// </summary>
public class VerifiedNetworkTests
{
    private static readonly RowFunction Honest = new((x, t) => Math.Sin(x) * (1 + t), (x, t) => Math.Cos(x) * (1 + t), (x, _) => Math.Sin(x));

    [Test]
    public void An_honest_network_passes_on_every_batch_size()
    {
        var verified = new VerifiedNetwork(Honest, "f");
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
        var verified = new VerifiedNetwork(new HonestAtTwentyOne(Honest), "The trained drift");
        var probe = linspace(-10, 10, 21).reshape(21, 1);
        verified.PartialX(probe, full([21, 1], 0.5f));
        verified.Dishonesty.Should().BeNull("on 21 points it reports the true derivative");
        var batch = linspace(-10, 10, 1000).reshape(1000, 1);
        verified.PartialX(batch, full([1000, 1], 0.5f));
        verified.Dishonesty.Should().Contain("The trained drift's PartialX");
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

    /// <summary>∂f/∂x 1.5 too low on any batch but 21 points.</summary>
    private sealed class HonestAtTwentyOne(IDifferentiableNetwork inner) : IDifferentiableNetwork
    {
        public Tensor Forward(Tensor x, Tensor t) => inner.Forward(x, t);

        public Tensor PartialX(Tensor x, Tensor t) => x.size(0) == 21 ? inner.PartialX(x, t) : inner.PartialX(x, t) - 1.5f;

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);
    }
}
