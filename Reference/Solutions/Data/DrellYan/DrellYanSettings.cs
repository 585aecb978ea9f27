namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// How <see cref="DrellYanGenerator"/> makes pp → Z/γ* → μ⁺μ⁻ events. <see cref="Sheet"/> is the sheet's data (parton
/// level: the pair has no transverse momentum, so pT₁ = pT₂ and φ₂ = φ₁ + π, which the improved preprocessing relies on;
/// no smearing); <see cref="Detector"/> adds the pair's transverse recoil and a muon pT resolution.
/// </summary>
/// <param name="Mass">The dimuon mass density.</param>
/// <param name="RapiditySpread">σ of the Gaussian pair rapidity (3.5: flat within ±25 % over the |y| ≲ 2.5 the cuts admit).</param>
/// <param name="PairPtScale">Scale q₀ (GeV) of the pair pT, drawn from q·e^(−q/q₀)/q₀² (mean 2q₀); 0 for none.</param>
/// <param name="PtResolution">Relative Gaussian smearing of each muon's momentum (σ_pT/pT); 0 for none.</param>
/// <param name="MinPt">The cut on each muon's pT (GeV).</param>
/// <param name="MaxAbsEta">The cut on each muon's |η|.</param>
public sealed record DrellYanSettings(
    DileptonMassSpectrum Mass,
    double RapiditySpread = 3.5,
    double PairPtScale = 0,
    double PtResolution = 0,
    double MinPt = 10,
    double MaxAbsEta = 2.5)
{
    /// <summary>The sheet's data set: parton level, balanced in the transverse plane, cuts pT &gt; 10 GeV and |η| &lt; 2.5.</summary>
    public static readonly DrellYanSettings Sheet = new(new DileptonMassSpectrum());

    /// <summary>
    /// With a detector's imprint: pair pT with q₀ = 4 GeV (mode 4 GeV, mean 8 GeV, as the Z's at the LHC roughly) and
    /// a 2 % muon pT resolution. Its events are not balanced, so the improved preprocessing drops information on them.
    /// </summary>
    public static readonly DrellYanSettings Detector = Sheet with { PairPtScale = 4, PtResolution = 0.02 };

    /// <summary>Throws when a parameter is out of range.</summary>
    public DrellYanSettings Validate()
    {
        ArgumentNullException.ThrowIfNull(Mass);
        Mass.Validate();
        if (!(RapiditySpread >= 0) || !double.IsFinite(RapiditySpread)) throw new ArgumentException($"DrellYanSettings: the rapidity spread must be ≥ 0, got {RapiditySpread}");
        if (!(PairPtScale >= 0) || !double.IsFinite(PairPtScale)) throw new ArgumentException($"DrellYanSettings: the pair pT scale must be ≥ 0, got {PairPtScale}");
        if (!(PtResolution >= 0 && PtResolution < 0.5)) throw new ArgumentException($"DrellYanSettings: the pT resolution must be in [0, 0.5), got {PtResolution}");
        if (!(MinPt >= 0) || !(MaxAbsEta > 0)) throw new ArgumentException($"DrellYanSettings: need pT cut ≥ 0 and |η| cut > 0, got {MinPt}, {MaxAbsEta}");
        if (2 * MinPt >= Mass.MaxMass) throw new ArgumentException($"DrellYanSettings: a pT cut of {MinPt} GeV leaves no events below {Mass.MaxMass} GeV");
        return this;
    }
}
