using Grader.Reference.Data.DrellYan;

namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The Drell–Yan look-alike law of <see cref="InnTrainingQuality"/>'s events, drawn at the tutor's run from a family
/// around the generator's defaults (issue 79 item 3). The defaults (<see cref="DrellYanSettings.Sheet"/>: M_Z 91.1876 GeV,
/// Γ_Z 2.4952 GeV, a 1 % m⁻⁴ continuum on 40 … 130 GeV, pair rapidity N(0, 3.5²), cos θ* from (3/8)(1 + cos²θ*)) are
/// public, so a hand-in could simulate them and answer with their density instead of training (cheat
/// <c>inn-training-closed-form-of-the-printed-law</c>); a drawn law makes that the density of the wrong law. The grader
/// standardises every feature with the training events' mean and std, which removes what a per-feature shift and scale
/// of the law would change; the family therefore changes the shape:
/// <list type="bullet">
/// <item>the pair rapidity's spread σ_y in <see cref="RapiditySpreadRange"/> (the defaults' 3.5 is nearly flat within
/// the |η| &lt; 2.5 the cuts admit, and leaves η₁ and η₂ correlated by +0.37; 0.5 … 0.8, a Z produced closer to rest
/// as at a lower collision energy, is peaked at 0 and leaves them correlated by about −0.5 … −0.15), which changes the
/// shape of η₁, η₂, their correlation and the pair's rapidity y = (η₁ + η₂)/2, none of which a per-feature shift and
/// scale undoes (at σ_y 1.5 … 2.5 a hand-in of the printed law's density kept η₁ and η₂ within 0.05 in total variation:
/// too close to tell from a trained flow);</item>
/// <item>M_Z moved by <see cref="ZMassShiftRange"/> either way and Γ_Z scaled by <see cref="ZWidthScaleRange"/> (the
/// Jacobian peak of pT₁ at M_Z/2 and its sharpness; the mass window stays 40 … 130 GeV). The width only grows, as a
/// detector's mass resolution widens the observed peak: the check's width ratio divides by the true events' width, and
/// a flow trained for 500 steps does not resolve the peak (its generated width is ≈ 5–8 times the sheet's), so a
/// narrower true peak would raise every legitimate flow's ratio;</item>
/// <item>the continuum's fraction in <see cref="ContinuumFractionRange"/> and power in <see cref="ContinuumPowerRange"/>
/// (the low-mass tail).</item>
/// </list>
/// Every draw is a Z resonance on a falling continuum with balanced muons (no pair pT: the improved preprocessing's
/// assumption), which the sheet's INN learns within the check's budget (docs/measurements/2026-11-29-inn-legit-and-drawn-law.md).
/// The hand-in never sees the draw: only batches of preprocessed events reach its training.
/// </summary>
/// <param name="ZMass">M_Z in GeV.</param>
/// <param name="ZWidth">Γ_Z in GeV.</param>
/// <param name="RapiditySpread">σ of the Gaussian pair rapidity.</param>
/// <param name="ContinuumFraction">The continuum's share of the mass density.</param>
/// <param name="ContinuumPower">k of the continuum's m^−k.</param>
public sealed record InnEventLaw(double ZMass, double ZWidth, double RapiditySpread, double ContinuumFraction, double ContinuumPower)
{
    /// <summary>The generator's defaults (<see cref="DrellYanSettings.Sheet"/>).</summary>
    public static InnEventLaw Sheet { get; } = new(DileptonMassSpectrum.PdgZMass, DileptonMassSpectrum.PdgZWidth, DrellYanSettings.Sheet.RapiditySpread,
        DrellYanSettings.Sheet.Mass.ContinuumFraction, DrellYanSettings.Sheet.Mass.ContinuumPower);

    /// <summary>The family's ranges (see the type's summary); M_Z's shift is signed, its size in the range.</summary>
    public static readonly (double Min, double Max) ZMassShiftRange = (0.5, 2.0), ZWidthScaleRange = (1.0, 1.8), RapiditySpreadRange = (0.5, 0.8),
        ContinuumFractionRange = (0.005, 0.04), ContinuumPowerRange = (3, 5);

    /// <summary>A law of the family, drawn from <paramref name="generator"/> (in the order of the parameters, the mass shift's sign before its size).</summary>
    public static InnEventLaw Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double U((double Min, double Max) r) => r.Min + (r.Max - r.Min) * generator.NextDouble();
        var sign = generator.NextDouble() < 0.5 ? -1 : 1;
        var mass = DileptonMassSpectrum.PdgZMass + sign * U(ZMassShiftRange);
        var width = DileptonMassSpectrum.PdgZWidth * U(ZWidthScaleRange);
        var spread = U(RapiditySpreadRange);
        var fraction = U(ContinuumFractionRange);
        var power = U(ContinuumPowerRange);
        return new InnEventLaw(mass, width, spread, fraction, power);
    }

    /// <summary>The generator's settings of this law: the defaults' cuts and mass window, parton level.</summary>
    public DrellYanSettings Settings() => DrellYanSettings.Sheet with
    {
        Mass = DrellYanSettings.Sheet.Mass with { ZMass = ZMass, ZWidth = ZWidth, ContinuumFraction = ContinuumFraction, ContinuumPower = ContinuumPower },
        RapiditySpread = RapiditySpread,
    };

    /// <summary>"M_Z 92.31 GeV, Γ_Z 3.10 GeV, …": for the tutor's detail.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"M_Z {ZMass:F2} GeV, Γ_Z {ZWidth:F2} GeV, pair rapidity σ {RapiditySpread:F2}, continuum {100 * ContinuumFraction:F1} % ∝ m^−{ContinuumPower:F2}");
}
