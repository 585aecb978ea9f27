using Grader.Checks.OdeSde.Support;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// A generative SDE whose marginal and posterior are known: x₀ ~ N(0, 1), dx = a·x dt + s·dW, y ~ N(x₁, b²). Then
/// x_t ~ N(0, v_t) with v_t = e^{2at} + s²(e^{2at} − 1)/(2a), p(y) = N(y; 0, V) with V = v₁ + b², and the posterior
/// marginals are x_t | y ~ N(c_t·y, β_t²) with c_t = e^{a(1−t)}v_t/V and β_t² = v_t − e^{2a(1−t)}v_t²/V (a Gaussian
/// conditional: Cov(x_t, x₁) = e^{a(1−t)}v_t). With q the posterior the ELBO's expectation is log p(y); with the
/// notebook's simplest q (α = t·y, β = t·b + 1 − t) it lies below. Everything in double.
/// </summary>
public sealed record LinearGaussianProcess(double A, double S, double B)
{
    public double V(double t) => Math.Exp(2 * A * t) + S * S * (Math.Exp(2 * A * t) - 1) / (2 * A);

    public double DvDt(double t) => Math.Exp(2 * A * t) * (2 * A + S * S);

    public double Evidence => V(1) + B * B;

    public double LogP(double y) => -0.5 * y * y / Evidence - 0.5 * Math.Log(2 * Math.PI * Evidence);

    public RowFunctionNetwork Drift() => new DriftSpec(A, 0, 0, 0).Network();

    public RowFunctionNetwork Diffusion() => new("the diffusion σ(x, t)", (_, _) => S, (_, _) => 0, (_, _) => 0);

    /// <summary>A variational family α = k(t)·y, β = β(t) with its t-derivatives.</summary>
    public sealed record VariationalFamily(string Name, Func<double, double> K, Func<double, double> DkDt, Func<double, double> Beta, Func<double, double> DBetaDt)
    {
        public RowFunctionNetwork Alpha() => new("the variational mean α(y, t)", (y, t) => K(t) * y, (_, t) => K(t), (y, t) => DkDt(t) * y);

        public RowFunctionNetwork BetaNet() => new("the variational standard deviation β(y, t)", (_, t) => Beta(t), (_, _) => 0, (_, t) => DBetaDt(t));
    }

    /// <summary>The true posterior's marginals.</summary>
    public VariationalFamily Posterior() => new("the true posterior",
        t => Math.Exp(A * (1 - t)) * V(t) / Evidence,
        t => Math.Exp(A * (1 - t)) * (DvDt(t) - A * V(t)) / Evidence,
        t => Math.Sqrt(PosteriorVariance(t)),
        t =>
        {
            double m2 = Math.Exp(2 * A * (1 - t)), v = V(t), dv = DvDt(t);
            double dVar = dv - (-2 * A * m2 * v * v + m2 * 2 * v * dv) / Evidence;
            return dVar / (2 * Math.Sqrt(PosteriorVariance(t)));
        });

    /// <summary>The notebook's simplest parameterisation: α = t·y, β = t·b + (1 − t).</summary>
    public VariationalFamily NotebookStyle() => new("α = t·y, β = t·b + (1 − t)", t => t, _ => 1, t => t * B + (1 - t), _ => B - 1);

    public double PosteriorVariance(double t) => V(t) - Math.Exp(2 * A * (1 - t)) * V(t) * V(t) / Evidence;

    /// <summary>
    /// E[ELBO(y)] for q of the form α = k(t)·y, β(t), t ~ U(0, 1): with u = x − α ~ N(0, β²),
    /// f − g = (aα − α′) + (a − β′/β + s²/(2β²))·u, so E[½(f − g)²/s²] = ½(C² + D²β²)/s², integrated over t by 64-point
    /// Gauss–Legendre; the likelihood and KL terms in closed form.
    /// </summary>
    public double ExpectedElbo(VariationalFamily q, double y)
    {
        double a1 = q.K(1) * y, b1 = q.Beta(1), a0 = q.K(0) * y, b0 = q.Beta(0);
        double likelihood = -0.5 * ((y - a1) * (y - a1) + b1 * b1) / (B * B) - 0.5 * Math.Log(2 * Math.PI * B * B);
        double kl = 0.5 * (a0 * a0 + b0 * b0 - 1 - Math.Log(b0 * b0));
        double DriftTerm(double t)
        {
            double alpha = q.K(t) * y, beta = q.Beta(t);
            double c = A * alpha - q.DkDt(t) * y, d = A - q.DBetaDt(t) / beta + S * S / (2 * beta * beta);
            return 0.5 * (c * c + d * d * beta * beta) / (S * S);
        }
        double drift = MathNet.Numerics.Integration.GaussLegendreRule.Integrate(DriftTerm, 0, 1, 64);
        return likelihood - kl - drift;
    }
}
