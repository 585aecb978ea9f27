using Grader.Tensors;

namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// A quantity computed from each event (its two muons), with the range its histograms use: the sheet's observables
/// pT, η, φ and m of each muon (sheet 9's plot) and the mass, pT, rapidity and φ of the pair.
/// </summary>
/// <param name="Id">Short name, e.g. "pt1", "m12".</param>
/// <param name="Label">Axis label, e.g. "pT of muon 1 [GeV]".</param>
/// <param name="Value">The value for muon 1 and muon 2 of one event.</param>
/// <param name="Min">Histogram range start.</param>
/// <param name="Max">Histogram range end.</param>
public sealed record EventObservable(string Id, string Label, Func<FourMomentum, FourMomentum, double> Value, double Min, double Max)
{
    public static readonly EventObservable Pt1 = new("pt1", "pT of muon 1 [GeV]", (a, _) => a.Pt, 10, 70);
    public static readonly EventObservable Eta1 = new("eta1", "η of muon 1", (a, _) => a.Eta, -2.5, 2.5);
    public static readonly EventObservable Phi1 = new("phi1", "φ of muon 1", (a, _) => a.Phi, -Math.PI, Math.PI);
    public static readonly EventObservable Mass1 = new("m1", "mass of muon 1 [GeV]", (a, _) => a.Mass, 0, 0.8);
    public static readonly EventObservable Pt2 = new("pt2", "pT of muon 2 [GeV]", (_, b) => b.Pt, 10, 70);
    public static readonly EventObservable Eta2 = new("eta2", "η of muon 2", (_, b) => b.Eta, -2.5, 2.5);
    public static readonly EventObservable Phi2 = new("phi2", "φ of muon 2", (_, b) => b.Phi, -Math.PI, Math.PI);
    public static readonly EventObservable Mass2 = new("m2", "mass of muon 2 [GeV]", (_, b) => b.Mass, 0, 0.8);
    public static readonly EventObservable PairMass = new("m12", "m(μμ) [GeV]", (a, b) => (a + b).Mass, 40, 130);
    public static readonly EventObservable PairPt = new("pt12", "pT(μμ) [GeV]", (a, b) => (a + b).Pt, 0, 40);
    public static readonly EventObservable PairRapidity = new("y12", "rapidity y(μμ)", (a, b) => (a + b).Rapidity, -2.5, 2.5);
    public static readonly EventObservable PairPhi = new("phi12", "φ(μμ)", (a, b) => (a + b).Phi, -Math.PI, Math.PI);
    public static readonly EventObservable E1 = new("e1", "E of muon 1 [GeV]", (a, _) => a.E, 0, 400);
    public static readonly EventObservable Pz1 = new("pz1", "pz of muon 1 [GeV]", (a, _) => a.Pz, -360, 360);

    /// <summary>The muons' pT, η, φ and mass (the sheet's second plot), then the pair's mass, pT, rapidity and φ.</summary>
    public static IReadOnlyList<EventObservable> All { get; } =
        [Pt1, Eta1, Phi1, Mass1, Pt2, Eta2, Phi2, Mass2, PairMass, PairPt, PairRapidity, PairPhi];

    /// <summary>The value for every event of an [n, 8] event tensor, in double.</summary>
    public double[] Of(Tensor events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.dim() != 2 || events.size(1) != DrellYanGenerator.Columns)
            throw new ArgumentException($"{Id}: events must be [n, {DrellYanGenerator.Columns}], got [{string.Join(", ", events.shape)}]");
        var v = events.contiguous().ToArray();
        var result = new double[events.size(0)];
        for (int i = 0; i < result.Length; i++)
            result[i] = Value(DrellYanGenerator.Muon(v, i, 0), DrellYanGenerator.Muon(v, i, 1));
        return result;
    }
}
