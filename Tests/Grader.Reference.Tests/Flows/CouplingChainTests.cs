using Grader.Checks.Flows.Support;
using Grader.Checks.Hidden.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// <see cref="CouplingChain.ForwardValue"/>, the values-only pass the change-of-variables checks integrate over grids,
/// is the same map as <see cref="CouplingChain.Forward"/> without error bounds (u = 0): the same output and Σ s as its
/// log-scales, to double rounding, over random chains (2–5 channels, ReLU and tanh subnets, bare blocks, permutations
/// and rotations, clamps 1–3, inputs where the clamp saturates).
/// </summary>
public sealed class CouplingChainTests
{
    [Test]
    public void The_values_only_pass_is_the_bounded_evaluation_without_its_bounds()
    {
        var g = new Generator(20261122);
        for (int trial = 0; trial < 60; trial++)
        {
            int c = 2 + trial % 4;
            var blocks = Enumerable.Range(0, 1 + trial % 3).Select(b =>
            {
                var subnet = SubnetSpec.ForChannels(c, g.NextUInt64(), 4 + (int)(g.NextDouble() * 60), 0.3 + 3 * g.NextDouble(),
                    (trial + b) % 2 == 0 ? SubnetActivation.Tanh : SubnetActivation.ReLU).Create();
                return DoubleCouplingBlock.Of(subnet, ((trial + b) % 3) switch { 0 => null, 1 => Permutation(c, g), _ => Rotation(c, g) });
            }).ToArray();
            double clamp = 1 + 2 * g.NextDouble();
            var x = Enumerable.Range(0, c).Select(_ => 4 * g.NextNormal()).ToArray();

            var bounded = CouplingChain.Forward(blocks, clamp, x, u: 0);
            var output = new double[c];
            double logScales = CouplingChain.ForwardValue(blocks, clamp, x, output);

            for (int j = 0; j < c; j++)
                output[j].Should().BeApproximately(bounded.Value[j], 1e-12 * (1 + Math.Abs(bounded.Value[j])), $"trial {trial}, output {j}");
            logScales.Should().BeApproximately(bounded.LogScales.Sum(s => s.Value.Sum()), 1e-12 * blocks.Length * c, $"trial {trial}: Σ s");
        }
    }

    /// <summary>A random permutation matrix [c, c].</summary>
    private static Tensor Permutation(int c, Generator g)
    {
        var order = Enumerable.Range(0, c).OrderBy(_ => g.NextDouble()).ToArray();
        var m = new float[c * c];
        for (int i = 0; i < c; i++) m[i * c + order[i]] = 1;
        return torch.tensor(m, c, c);
    }

    /// <summary>A random rotation [c, c]: the Q of a Gram–Schmidt pass over normal columns.</summary>
    private static Tensor Rotation(int c, Generator g)
    {
        var q = new double[c, c];
        for (int j = 0; j < c; j++)
        {
            for (int i = 0; i < c; i++) q[i, j] = g.NextNormal();
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < c; i++) dot += q[i, j] * q[i, k];
                for (int i = 0; i < c; i++) q[i, j] -= dot * q[i, k];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, c).Sum(i => q[i, j] * q[i, j]));
            for (int i = 0; i < c; i++) q[i, j] /= norm;
        }
        return torch.tensor(Enumerable.Range(0, c * c).Select(k => (float)q[k / c, k % c]).ToArray(), c, c);
    }
}
