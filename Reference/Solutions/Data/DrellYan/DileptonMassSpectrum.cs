using Grader.Tensors;

namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// The dimuon invariant-mass density of the look-alike Drell–Yan events on a window [<see cref="MinMass"/>,
/// <see cref="MaxMass"/>]: a mixture of the Z resonance, a relativistic Breit–Wigner in m²,
/// p(m²) ∝ 1/((m² − M_Z²)² + M_Z²Γ_Z²), and a falling continuum p(m) ∝ m^−k with weight
/// <see cref="ContinuumFraction"/>. Both parts have closed-form CDFs, so <see cref="Sample"/> inverts them exactly.
/// </summary>
public sealed record DileptonMassSpectrum(
    double ZMass = DileptonMassSpectrum.PdgZMass,
    double ZWidth = DileptonMassSpectrum.PdgZWidth,
    double MinMass = 40,
    double MaxMass = 130,
    double ContinuumFraction = 0.01,
    double ContinuumPower = 4)
{
    /// <summary>M_Z in GeV (PDG).</summary>
    public const double PdgZMass = 91.1876;

    /// <summary>Γ_Z in GeV (PDG).</summary>
    public const double PdgZWidth = 2.4952;

    /// <summary>Throws when a parameter is out of range (positive mass and width, 0 &lt; MinMass &lt; MaxMass, fraction in [0, 1], power ≠ 1).</summary>
    public DileptonMassSpectrum Validate()
    {
        if (!(ZMass > 0) || !(ZWidth > 0) || !double.IsFinite(ZMass) || !double.IsFinite(ZWidth))
            throw new ArgumentException($"DileptonMassSpectrum: M_Z and Γ_Z must be positive and finite, got {ZMass}, {ZWidth}");
        if (!(MinMass > 0) || !(MaxMass > MinMass) || !double.IsFinite(MaxMass))
            throw new ArgumentException($"DileptonMassSpectrum: need 0 < MinMass < MaxMass < ∞, got [{MinMass}, {MaxMass}]");
        if (!(ContinuumFraction >= 0 && ContinuumFraction <= 1))
            throw new ArgumentException($"DileptonMassSpectrum: the continuum fraction must be in [0, 1], got {ContinuumFraction}");
        if (!double.IsFinite(ContinuumPower) || ContinuumPower == 1)
            throw new ArgumentException($"DileptonMassSpectrum: the continuum power must be finite and ≠ 1, got {ContinuumPower}");
        return this;
    }

    private double MG => ZMass * ZWidth;

    private double Angle(double m) => Math.Atan((m * m - ZMass * ZMass) / MG);

    private double ResonanceCdf(double m) => (Angle(m) - Angle(MinMass)) / (Angle(MaxMass) - Angle(MinMass));

    private double ContinuumCdf(double m) =>
        (Math.Pow(m, 1 - ContinuumPower) - Math.Pow(MinMass, 1 - ContinuumPower)) /
        (Math.Pow(MaxMass, 1 - ContinuumPower) - Math.Pow(MinMass, 1 - ContinuumPower));

    /// <summary>P(mass ≤ m).</summary>
    public double Cdf(double m) =>
        m <= MinMass ? 0 : m >= MaxMass ? 1 : (1 - ContinuumFraction) * ResonanceCdf(m) + ContinuumFraction * ContinuumCdf(m);

    /// <summary>The density in m (per GeV), 0 outside the window.</summary>
    public double Density(double m)
    {
        if (m < MinMass || m > MaxMass) return 0;
        double s = m * m - ZMass * ZMass;
        double resonance = 2 * m * MG / (s * s + MG * MG) / (Angle(MaxMass) - Angle(MinMass));
        double k1 = 1 - ContinuumPower;
        double continuum = k1 * Math.Pow(m, -ContinuumPower) / (Math.Pow(MaxMass, k1) - Math.Pow(MinMass, k1));
        return (1 - ContinuumFraction) * resonance + ContinuumFraction * continuum;
    }

    /// <summary>One mass: a uniform picks the part, a second one is mapped through that part's inverse CDF.</summary>
    public double Sample(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        bool continuum = generator.NextDouble() < ContinuumFraction;
        double u = generator.NextDouble();
        if (continuum)
        {
            double k1 = 1 - ContinuumPower;
            double lo = Math.Pow(MinMass, k1), hi = Math.Pow(MaxMass, k1);
            return Math.Clamp(Math.Pow(lo + u * (hi - lo), 1 / k1), MinMass, MaxMass);
        }
        double a = Angle(MinMass), b = Angle(MaxMass);
        double m2 = ZMass * ZMass + MG * Math.Tan(a + u * (b - a));
        return Math.Clamp(Math.Sqrt(m2), MinMass, MaxMass);
    }
}
