using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// f(x, t) = a(t)·x + c(t) with a(t) = a₀ + a₁t and c(t) = c₀ + c₁t, as a contract network (the kind of drift the
/// grader passes): its flow is affine, so log p(y) has a closed form (<see cref="ExactLogLikelihood"/>).
/// </summary>
public sealed record AffineDrift(double A0, double A1, double C0, double C1) : IDifferentiableNetwork
{
    public Tensor Forward(Tensor x, Tensor t) => (t * (float)A1 + (float)A0) * x + t * (float)C1 + (float)C0;

    public Tensor PartialX(Tensor x, Tensor t) => (t * (float)A1 + (float)A0) + zeros_like(x);

    public Tensor PartialT(Tensor x, Tensor t) => x * (float)A1 + (float)C1 + zeros_like(t);

    public double F(double x, double t) => (A0 + A1 * t) * x + C0 + C1 * t;

    /// <summary>A(t) = ∫₀ᵗ a = a₀t + a₁t²/2 (also ∫₀ᵗ ∂f/∂x).</summary>
    public double IntegratedA(double t) => A0 * t + A1 * t * t / 2;

    /// <summary>
    /// The flow of dx = f dt is x_t = e^{A(t)}(x₀ + ∫₀ᵗ e^{−A(s)} c(s) ds), so y flows back to
    /// x₀ = e^{−A(1)}·y − ∫₀¹ e^{−A(s)} c(s) ds, and log p(y) = log N(x₀; 0, 1) − A(1). The integral by MathNet's
    /// Gauss–Legendre rule (exact to 1e-15 here).
    /// </summary>
    public double ExactLogLikelihood(double y)
    {
        double shift = MathNet.Numerics.Integration.GaussLegendreRule.Integrate(s => Math.Exp(-IntegratedA(s)) * (C0 + C1 * s), 0, 1, 64);
        double x0 = Math.Exp(-IntegratedA(1)) * y - shift;
        return -0.5 * x0 * x0 - 0.5 * Math.Log(2 * Math.PI) - IntegratedA(1);
    }

    public override string ToString() => $"f = ({A0} + {A1}t)x + ({C0} + {C1}t)";
}
