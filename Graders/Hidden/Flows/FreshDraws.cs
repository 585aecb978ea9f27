using Grader.Checks.Flows.Support;
using Grader.Reference.Flows;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The random set-ups of the hidden exact checks, drawn from the run's seed so that no student has seen them: sizes,
/// subnets, clamps, permutations, flows and input scales vary from run to run.
/// </summary>
internal static class FreshDraws
{
    /// <summary>An integer uniform in [low, high].</summary>
    public static int Int(Generator g, int low, int high) => (int)g.NextInt(low, high + 1L);

    /// <summary>A number log-uniform in [low, high].</summary>
    public static double LogUniform(Generator g, double low, double high) => Math.Exp(Math.Log(low) + g.NextDouble() * Math.Log(high / low));

    /// <summary>A number uniform in [low, high].</summary>
    public static double Uniform(Generator g, double low, double high) => low + g.NextDouble() * (high - low);

    /// <summary>A subnet for a block of <paramref name="channels"/> channels: hidden width 4–64, weights ×<paramref name="scale"/>, ReLU or tanh.</summary>
    public static FixedSubnet Subnet(Generator g, int channels, double scale, SubnetActivation? activation = null) =>
        SubnetSpec.ForChannels(channels, g.NextUInt64(), Int(g, 4, 64), scale,
            activation ?? (g.NextDouble() < 0.5 ? SubnetActivation.ReLU : SubnetActivation.Tanh)).Create();

    /// <summary>A permutation matrix or a rotation (half of the time each), as float32 values [C·C].</summary>
    public static float[] Mixing(Generator g, int channels) =>
        (g.NextDouble() < 0.5 ? BlockPermutation.Hard(channels, g) : BlockPermutation.Soft(channels, g)).contiguous().ToArray();

    /// <summary>[n, c] standard normal numbers times <paramref name="scale"/>, float32, flattened.</summary>
    public static float[] Normal(Generator g, int n, int c, double scale) => (torch.randn([n, c], g) * (float)scale).ToArray();

    /// <summary>Points drawn from a flow's own distribution, spread by <paramref name="spread"/>: x = f⁻¹(spread·z), z ~ N(0, I).</summary>
    public static float[] FromFlow(Generator g, SinhArcsinhFlow flow, int n, double spread)
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
