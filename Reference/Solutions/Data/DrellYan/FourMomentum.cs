namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// A four-momentum (E, px, py, pz) in GeV with the sheet's kinematic helpers (Heidelberg sheet 9, ex. 3):
/// pT = √(px² + py²), φ = atan2(py, px), η = artanh(pz/|p|), m = √max(E² − |p|², 0).
/// </summary>
public readonly record struct FourMomentum(double E, double Px, double Py, double Pz)
{
    /// <summary>|p| = √(px² + py² + pz²).</summary>
    public double P => Math.Sqrt(Px * Px + Py * Py + Pz * Pz);

    /// <summary>Transverse momentum √(px² + py²).</summary>
    public double Pt => Math.Sqrt(Px * Px + Py * Py);

    /// <summary>Azimuth atan2(py, px) in (−π, π].</summary>
    public double Phi => Math.Atan2(Py, Px);

    /// <summary>Pseudorapidity artanh(pz/|p|) (±∞ along the beam).</summary>
    public double Eta => Math.Atanh(Pz / P);

    /// <summary>Rapidity ½·ln((E + pz)/(E − pz)).</summary>
    public double Rapidity => 0.5 * Math.Log((E + Pz) / (E - Pz));

    /// <summary>Invariant mass √max(E² − |p|², 0), clipped at 0 as the sheet's <c>get_mass</c> does.</summary>
    public double Mass => Math.Sqrt(Math.Max(E * E - (Px * Px + Py * Py + Pz * Pz), 0));

    public static FourMomentum operator +(FourMomentum a, FourMomentum b) => new(a.E + b.E, a.Px + b.Px, a.Py + b.Py, a.Pz + b.Pz);

    /// <summary>A massless momentum with the given pT, η and φ: E = |p| = pT·cosh η.</summary>
    public static FourMomentum Massless(double pt, double eta, double phi) =>
        new(pt * Math.Cosh(eta), pt * Math.Cos(phi), pt * Math.Sin(phi), pt * Math.Sinh(eta));

    /// <summary>
    /// This momentum, given in the rest frame of <paramref name="frame"/> (a four-momentum of mass
    /// <paramref name="frameMass"/>, with axes parallel to the lab's), in the lab frame:
    /// E' = (E_F·E + P_F·p)/M, p' = p + P_F·((P_F·p)/(M(E_F + M)) + E/M). No 1 − β² appears, so it stays exact at large
    /// rapidity.
    /// </summary>
    public FourMomentum Boost(FourMomentum frame, double frameMass)
    {
        if (!(frameMass > 0)) throw new ArgumentOutOfRangeException(nameof(frameMass), frameMass, "the frame's mass must be positive");
        double fp = frame.Px * Px + frame.Py * Py + frame.Pz * Pz;
        double k = fp / (frameMass * (frame.E + frameMass)) + E / frameMass;
        return new FourMomentum((frame.E * E + fp) / frameMass, Px + k * frame.Px, Py + k * frame.Py, Pz + k * frame.Pz);
    }
}
