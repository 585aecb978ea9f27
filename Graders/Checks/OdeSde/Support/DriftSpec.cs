namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// A drift the grader passes in closed form: f(x, t) = (a₀ + a₁t)·x + c₀ + c₁t + s·tanh(w·x + v·t + u). With s = 0 it
/// is affine and its flow maps N(0, 1) to a Gaussian, so log p(y) has a closed form (the tutor's side computes it).
/// </summary>
public sealed record DriftSpec(double A0, double A1, double C0, double C1, double S = 0, double W = 0, double V = 0, double U = 0)
{
    public bool IsAffine => S == 0;

    public double F(double x, double t) => (A0 + A1 * t) * x + C0 + C1 * t + S * Math.Tanh(W * x + V * t + U);

    public double DfDx(double x, double t) => A0 + A1 * t + S * W * Sech2(W * x + V * t + U);

    public double DfDt(double x, double t) => A1 * x + C1 + S * V * Sech2(W * x + V * t + U);

    /// <summary>∂²f/∂x², for the growth of errors in the integrated trace.</summary>
    public double D2fDx2(double x, double t)
    {
        double z = W * x + V * t + U;
        return -2 * S * W * W * Math.Tanh(z) * Sech2(z);
    }

    /// <summary>The drift as the grader's network.</summary>
    public RowFunctionNetwork Network() => new("the drift f(x, t)", F, DfDx, DfDt);

    private static double Sech2(double z)
    {
        double c = Math.Cosh(z);
        return double.IsFinite(c) ? 1 / (c * c) : 0;
    }

    public override string ToString() => IsAffine
        ? $"f(x, t) = ({G(A0)} + {G(A1)}t)x + {G(C0)} + {G(C1)}t"
        : $"f(x, t) = ({G(A0)} + {G(A1)}t)x + {G(C0)} + {G(C1)}t + {G(S)}·tanh({G(W)}x + {G(V)}t + {G(U)})";

    private static string G(double v) => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
