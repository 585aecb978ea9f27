using Grader.Tensors;

namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// Generated events in the sheet's format and the truth they were made from. <see cref="Events"/> is [n, 8] float32:
/// (E, px, py, pz) of muon 1 (μ⁻), then of muon 2 (μ⁺), in GeV. The truth arrays hold, per event, the pair's mass,
/// rapidity and transverse momentum before smearing, in double.
/// </summary>
public sealed record DrellYanEvents(Tensor Events, double[] PairMass, double[] PairRapidity, double[] PairPt, long Attempts)
{
    public int Count => Events.size(0);

    /// <summary>Accepted events per attempted one: the efficiency of the cuts.</summary>
    public double Acceptance => Attempts == 0 ? double.NaN : (double)Count / Attempts;
}
