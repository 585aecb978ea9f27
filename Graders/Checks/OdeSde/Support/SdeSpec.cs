using System.Text.Json.Serialization;

namespace Grader.Checks.OdeSde.Support;

/// <summary>
/// The networks of an SDE model in closed form, as the grader passes them to an ELBO: the drift f (<see cref="DriftSpec"/>),
/// the diffusion σ(x, t) = s₀ + s₁(1 + t)·x²/(1 + x²) (positive, depending on x so that ∂σ²/∂x matters), the variational
/// mean α(y, t) = t·y + (1 − t)(m₀ + m₁y + m₂t) and standard deviation β(y, t) = t·b + (1 − t)(r₀ + r₁t + r₂y²/(1 + y²))
/// (the notebook's parameterisation: α(y, 1) = y, β(y, 1) = b), and the likelihood's b. <see cref="BetaAtOne"/> sets
/// β(y, 1) to another value than b: the contract passes the variational β(y, t) and the likelihood's width apart, and
/// only where they differ does the ELBO show which of the two a hand-in reads where.
/// </summary>
public sealed record SdeSpec(DriftSpec Drift, double S0, double S1, double M0, double M1, double M2, double R0, double R1, double R2, double B)
{
    /// <summary>β(y, 1) when it is not the likelihood's b (null: the notebook's β(y, 1) = b).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? BetaAtOne { get; init; }

    private double BetaEnd => BetaAtOne ?? B;

    public double Sigma(double x, double t) => S0 + S1 * (1 + t) * x * x / (1 + x * x);

    public double DSigmaDx(double x, double t) => S1 * (1 + t) * 2 * x / ((1 + x * x) * (1 + x * x));

    public double DSigmaDt(double x, double t) => S1 * x * x / (1 + x * x);

    public double Alpha(double y, double t) => t * y + (1 - t) * (M0 + M1 * y + M2 * t);

    public double DAlphaDy(double y, double t) => t + (1 - t) * M1;

    public double DAlphaDt(double y, double t) => y - (M0 + M1 * y + M2 * t) + (1 - t) * M2;

    public double Beta(double y, double t) => t * BetaEnd + (1 - t) * (R0 + R1 * t + R2 * y * y / (1 + y * y));

    public double DBetaDy(double y, double t) => (1 - t) * R2 * 2 * y / ((1 + y * y) * (1 + y * y));

    public double DBetaDt(double y, double t) => BetaEnd - (R0 + R1 * t + R2 * y * y / (1 + y * y)) + (1 - t) * R1;

    public RowFunctionNetwork SigmaNet() => new("the diffusion σ(x, t)", Sigma, DSigmaDx, DSigmaDt);

    public RowFunctionNetwork AlphaNet() => new("the variational mean α(y, t)", Alpha, DAlphaDy, DAlphaDt);

    public RowFunctionNetwork BetaNet() => new("the variational standard deviation β(y, t)", Beta, DBetaDy, DBetaDt);
}
