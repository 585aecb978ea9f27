using Grader.Contracts.OdeSde;

namespace Grader.Reference.Tests.OdeSde;

/// <summary>
/// A generative SDE with a known marginal: x₀ ~ N(0, 1), dx = a·x dt + s·dW, y ~ N(x₁, b²). Then x_t ~ N(0, v_t) with
/// v_t = e^{2at} + s²(e^{2at} − 1)/(2a), so p(y) = N(y; 0, V), V = v₁ + b²; and the posterior marginals are
/// x_t | y ~ N(c_t·y, β_t²) with c_t = e^{a(1−t)}v_t/V and β_t² = v_t − e^{2a(1−t)}v_t²/V (a Gaussian conditional,
/// Cov(x_t, x₁) = e^{a(1−t)}v_t). Everything here is in double; the networks hand float32 tensors to the code under test.
/// </summary>
public sealed record LinearGaussianSde(double A, double S, double B)
{
    public double V(double t) => Math.Exp(2 * A * t) + S * S * (Math.Exp(2 * A * t) - 1) / (2 * A);

    public double DvDt(double t) => Math.Exp(2 * A * t) * (2 * A + S * S);

    /// <summary>Var(y) = v₁ + b².</summary>
    public double Evidence => V(1) + B * B;

    /// <summary>log p(y) = log N(y; 0, V).</summary>
    public double LogP(double y) => -0.5 * y * y / Evidence - 0.5 * Math.Log(2 * Math.PI * Evidence);

    /// <summary>The posterior q: α = c_t·y, β = β_t.</summary>
    public LinearQ Posterior() => new(
        t => Math.Exp(A * (1 - t)) * V(t) / Evidence,
        t => (-A * Math.Exp(A * (1 - t)) * V(t) + Math.Exp(A * (1 - t)) * DvDt(t)) / Evidence,
        t => Math.Sqrt(PosteriorVariance(t)),
        t =>
        {
            double m2 = Math.Exp(2 * A * (1 - t)), v = V(t), dv = DvDt(t);
            double dVar = dv - (-2 * A * m2 * v * v + m2 * 2 * v * dv) / Evidence;
            return dVar / (2 * Math.Sqrt(PosteriorVariance(t)));
        });

    /// <summary>The notebook's simplest parameterisation (AlphaNetwork0, BetaNetwork0 with β = b): α = t·y, β = t·b + (1 − t); q₁ = N(y, b²).</summary>
    public LinearQ NotebookStyle() => new(t => t, _ => 1, t => t * B + (1 - t), _ => B - 1);

    public double PosteriorVariance(double t) => V(t) - Math.Exp(2 * A * (1 - t)) * V(t) * V(t) / Evidence;

    /// <summary>The posterior process's drift by Doob's h-transform: a·x + s²·∂ₓ log p(y | x_t = x), with p(y | x_t) = N(y; m x, w), m = e^{a(1−t)}, w = s²(m² − 1)/(2a) + b².</summary>
    public double PosteriorDrift(double x, double y, double t)
    {
        double m = Math.Exp(A * (1 - t)), w = S * S * (m * m - 1) / (2 * A) + B * B;
        return A * x + S * S * m * (y - m * x) / w;
    }

    /// <summary>
    /// E[ELBO(y) | t] for q of the form α = k(t)·y, β(t): with u = x − α ~ N(0, β²), f − g = (aα − α′) + (a − β′/β + s²/(2β²))·u
    /// (∂σ²/∂x = 0, score −u/β²), so E[½(f − g)²/s²] = ½(A² + B²β²)/s²; E[log N(y; x₁, b²)] = −½((y − α₁)² + β₁²)/b² − ½ln 2πb²;
    /// E[log q₀ − log p₀] = KL(N(α₀, β₀²) ‖ N(0, 1)).
    /// </summary>
    public (double Likelihood, double Kl, double DriftMatching) ExpectedTerms(LinearQ q, double y, double t)
    {
        double a1 = q.K(1) * y, b1 = q.Beta(1), a0 = q.K(0) * y, b0 = q.Beta(0);
        double likelihood = -0.5 * ((y - a1) * (y - a1) + b1 * b1) / (B * B) - 0.5 * Math.Log(2 * Math.PI * B * B);
        double kl = 0.5 * (a0 * a0 + b0 * b0 - 1 - Math.Log(b0 * b0));
        double alpha = q.K(t) * y, beta = q.Beta(t);
        double constant = A * alpha - q.DkDt(t) * y, slope = A - q.DBetaDt(t) / beta + S * S / (2 * beta * beta);
        return (likelihood, kl, 0.5 * (constant * constant + slope * slope * beta * beta) / (S * S));
    }

    /// <summary>E[ELBO(y)] with t ~ U(0, 1): the drift term integrated over t by 64-point Gauss–Legendre (MathNet).</summary>
    public double ExpectedElbo(LinearQ q, double y)
    {
        var (likelihood, kl, _) = ExpectedTerms(q, y, 0.5);
        double drift = MathNet.Numerics.Integration.GaussLegendreRule.Integrate(t => ExpectedTerms(q, y, t).DriftMatching, 0, 1, 64);
        return likelihood - kl - drift;
    }

    /// <summary>One example's ELBO from its draws (t, ε₁, ε₀, ε_t), in double: what the estimator must return for those draws.</summary>
    public (double Elbo, double Likelihood, double Kl, double DriftMatching) ElboOfDraws(LinearQ q, double y, double t, double e1, double e0, double et)
    {
        double x1 = q.K(1) * y + q.Beta(1) * e1;
        double likelihood = -0.5 * ((y - x1) * (y - x1) / (B * B) + Math.Log(2 * Math.PI * B * B));
        double x0 = q.K(0) * y + q.Beta(0) * e0;
        double kl = -0.5 * (e0 * e0 + Math.Log(2 * Math.PI * q.Beta(0) * q.Beta(0))) - (-0.5 * x0 * x0 - 0.5 * Math.Log(2 * Math.PI));
        double beta = q.Beta(t), xt = q.K(t) * y + beta * et;
        double g = q.DkDt(t) * y + q.DBetaDt(t) * et - 0.5 * S * S * et / beta;
        double drift = 0.5 * (A * xt - g) * (A * xt - g) / (S * S);
        return (likelihood - kl - drift, likelihood, kl, drift);
    }

    public IDifferentiableNetwork Drift => new RowFunction((x, _) => A * x, (_, _) => A, (_, _) => 0);

    public IDifferentiableNetwork Diffusion => new RowFunction((_, _) => S, (_, _) => 0, (_, _) => 0);

    public override string ToString() => $"dx = {A}x dt + {S} dW, y ~ N(x₁, {B}²)";
}

/// <summary>A variational family α(y, t) = k(t)·y, β(y, t) = β(t), with the t-derivatives.</summary>
public sealed record LinearQ(Func<double, double> K, Func<double, double> DkDt, Func<double, double> Beta, Func<double, double> DBetaDt)
{
    public IDifferentiableNetwork AlphaNetwork => new RowFunction((y, t) => K(t) * y, (_, t) => K(t), (y, t) => DkDt(t) * y);

    public IDifferentiableNetwork BetaNetwork => new RowFunction((_, t) => Beta(t), (_, _) => 0, (_, t) => DBetaDt(t));
}

/// <summary>A closed-form g(x, t) applied row by row in double, returned as float32 [N, 1].</summary>
public sealed class RowFunction(Func<double, double, double> value, Func<double, double, double> dx, Func<double, double, double> dt) : IDifferentiableNetwork
{
    public Tensor Forward(Tensor x, Tensor t) => Apply(value, x, t);

    public Tensor PartialX(Tensor x, Tensor t) => Apply(dx, x, t);

    public Tensor PartialT(Tensor x, Tensor t) => Apply(dt, x, t);

    private static Tensor Apply(Func<double, double, double> g, Tensor x, Tensor t)
    {
        var xs = x.contiguous().ToDoubleArray();
        var ts = t.contiguous().ToDoubleArray();
        if (ts.Length != xs.Length) throw new ArgumentException($"x has {xs.Length} rows, t {ts.Length}");
        return tensor(xs.Select((v, i) => g(v, ts[i])).ToArray(), xs.Length, 1);
    }
}
