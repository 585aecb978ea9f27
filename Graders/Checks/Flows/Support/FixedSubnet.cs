using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Support;

/// <summary>
/// The grader's coupling subnetwork (<see cref="SubnetSpec"/>), passed to a hand-in's coupling block or INN: it
/// maps x₁ [N, inputs] to act(x₁·W₁ᵀ + b₁)·W₂ᵀ + b₂ in float32, and refuses any other shape in one sentence. Its
/// weights are float32 numbers, available in double (exactly) for the tolerance bounds. It counts its calls.
/// </summary>
public sealed class FixedSubnet : ICouplingSubnet
{
    private readonly Tensor _w1, _b1, _w2, _b2;

    public FixedSubnet(SubnetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Inputs < 1 || spec.Outputs < 1 || spec.Hidden < 1)
            throw new ArgumentException($"a subnet needs positive widths, got {spec.Inputs} → {spec.Hidden} → {spec.Outputs}");
        Spec = spec;
        var g = new Generator(spec.Seed);
        W1 = Uniform(g, spec.Hidden, spec.Inputs, spec.Inputs, spec.WeightScale);
        B1 = Row(Uniform(g, 1, spec.Hidden, spec.Inputs, spec.WeightScale));
        W2 = Uniform(g, spec.Outputs, spec.Hidden, spec.Hidden, spec.WeightScale);
        B2 = Row(Uniform(g, 1, spec.Outputs, spec.Hidden, spec.WeightScale));
        _w1 = torch.tensor(W1);
        _b1 = torch.tensor(B1);
        _w2 = torch.tensor(W2);
        _b2 = torch.tensor(B2);
    }

    public SubnetSpec Spec { get; }

    /// <summary>W₁ [hidden, inputs], each entry a float32 number.</summary>
    public double[,] W1 { get; }

    /// <summary>b₁ [hidden].</summary>
    public double[] B1 { get; }

    /// <summary>W₂ [outputs, hidden].</summary>
    public double[,] W2 { get; }

    /// <summary>b₂ [outputs].</summary>
    public double[] B2 { get; }

    /// <summary>How many times <see cref="Forward"/> was called.</summary>
    public int Calls { get; private set; }

    public Tensor Forward(Tensor x1)
    {
        ArgumentNullException.ThrowIfNull(x1);
        if (x1.dim() != 2 || x1.size(1) != Spec.Inputs)
            throw new ArgumentException(
                $"the coupling subnet takes the block's first {Spec.Inputs} channel{(Spec.Inputs == 1 ? "" : "s")} x₁ as [N, {Spec.Inputs}], got a tensor of shape [{string.Join(", ", x1.shape)}]");
        Calls++;
        var h = torch.nn.functional.linear(x1, _w1, _b1);
        h = Spec.Activation == SubnetActivation.Tanh ? h.tanh() : h.relu();
        return torch.nn.functional.linear(h, _w2, _b2);
    }

    /// <summary>A [rows, cols] matrix of U(−1/√fan-in, 1/√fan-in)·scale, rounded to float32, drawn row by row.</summary>
    private static double[,] Uniform(Generator g, int rows, int cols, int fanIn, double scale)
    {
        double bound = 1 / Math.Sqrt(fanIn);
        var m = new double[rows, cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i, j] = (float)((2 * g.NextDouble() - 1) * bound * scale);
        return m;
    }

    private static double[] Row(double[,] m) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[0, j]).ToArray();
}
