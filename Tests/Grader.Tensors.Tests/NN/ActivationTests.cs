using FluentAssertions;

namespace Grader.Tensors.Tests.NN;

/// <summary>Each activation: forward against a double-precision formula, backward against finite differences, and the module = the functional form.</summary>
public class ActivationTests
{
    // Points away from the kinks (0 for ReLU/ELU, βx = threshold for Softplus), so finite differences are valid.
    private static readonly float[] Points = [-3.5f, -1.2f, -0.4f, -0.15f, 0.2f, 0.7f, 1.9f, 4.1f];

    private static Tensor Input() => tensor(Points, 2, 4);

    public static IEnumerable<TestCaseData> Cases()
    {
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        static double Softplus(double x, double beta, double threshold) => beta * x > threshold ? x : Math.Log(1 + Math.Exp(beta * x)) / beta;
        yield return Case("relu", nn.ReLU(), x => nn.functional.relu(x), x => Math.Max(x, 0));
        yield return Case("elu", nn.ELU(), x => nn.functional.elu(x), x => x > 0 ? x : Math.Exp(x) - 1);
        yield return Case("elu(0.5)", nn.ELU(0.5f), x => nn.functional.elu(x, 0.5f), x => x > 0 ? x : 0.5 * (Math.Exp(x) - 1));
        yield return Case("tanh", nn.Tanh(), x => nn.functional.tanh(x), Math.Tanh);
        yield return Case("sigmoid", nn.Sigmoid(), x => nn.functional.sigmoid(x), Sigmoid);
        yield return Case("silu", nn.SiLU(), x => nn.functional.silu(x), x => x * Sigmoid(x));
        yield return Case("logsigmoid", nn.LogSigmoid(), x => nn.functional.logsigmoid(x), x => Math.Log(Sigmoid(x)));
        yield return Case("softplus", nn.Softplus(), x => nn.functional.softplus(x), x => Softplus(x, 1, 20));
        yield return Case("softplus(2, 3)", nn.Softplus(2f, 3f), x => nn.functional.softplus(x, 2f, 3f), x => Softplus(x, 2, 3));
    }

    private static TestCaseData Case(string name, Module<Tensor, Tensor> module, Func<Tensor, Tensor> functional, Func<double, double> reference) =>
        new TestCaseData(module, functional, reference).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Cases))]
    public void Forward_matches_double_reference(Module<Tensor, Tensor> module, Func<Tensor, Tensor> functional, Func<double, double> reference)
    {
        var y = functional(Input()).ToArray();
        for (int i = 0; i < Points.Length; i++)
            y[i].Should().BeApproximately((float)reference(Points[i]), 2e-6f * Math.Max(1f, Math.Abs(y[i])), $"at x = {Points[i]}");
    }

    [TestCaseSource(nameof(Cases))]
    public void Module_forward_is_the_functional_form(Module<Tensor, Tensor> module, Func<Tensor, Tensor> functional, Func<double, double> reference)
    {
        module.forward(Input()).ToArray().Should().Equal(functional(Input()).ToArray());
        module.parameters().Should().BeEmpty();
    }

    [TestCaseSource(nameof(Cases))]
    public void Gradient_matches_finite_differences(Module<Tensor, Tensor> module, Func<Tensor, Tensor> functional, Func<double, double> reference) =>
        GradCheck.Assert(xs => functional(xs[0]), Input());

    [Test]
    public void Logsigmoid_is_finite_far_out()
    {
        var y = nn.functional.logsigmoid(tensor([-200f, -30f, 0f, 30f, 200f])).ToArray();
        y[0].Should().Be(-200f);
        y[1].Should().BeApproximately(-30f, 1e-5f);
        y[2].Should().BeApproximately(-MathF.Log(2f), 1e-7f);
        y[3].Should().BeApproximately(-9.357623e-14f, 1e-19f);  // −log(1 + e⁻³⁰) ≈ −e⁻³⁰
        y[4].Should().BeLessThanOrEqualTo(0f).And.BeGreaterThan(-1e-30f);
        var x = tensor([-200f, 200f]).requires_grad_();
        nn.functional.logsigmoid(x).sum().backward();
        x.grad!.ToArray().Should().Equal(1f, 0f);              // d/dx log σ(x) = σ(−x)
    }

    [Test]
    public void Silu_has_correct_second_derivative() =>
        GradCheck.AssertSecondOrder(xs => nn.functional.silu(xs[0]), Input());

    [Test]
    public void Names_print_as_in_PyTorch()
    {
        nn.ELU(0.5f).ToString().Should().Be("ELU(alpha=0.5)");
        nn.Softplus(2f, 3f).ToString().Should().Be("Softplus(beta=2, threshold=3)");
        nn.ReLU().ToString().Should().Be("ReLU()");
    }
}
