using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data.DrellYan;

/// <summary>
/// Physically consistent look-alikes of the sheet's Drell–Yan events pp → Z/γ* → μ⁺μ⁻ (Heidelberg sheets 9 and 10; the
/// real <c>dy_{trn,tst,val}_data.npy</c> are not public). Per attempted event, in this order of draws:
/// <list type="number">
/// <item>the pair mass m from <see cref="DileptonMassSpectrum"/> (two uniforms);</item>
/// <item>the pair rapidity y ~ N(0, σ_y²) (one normal);</item>
/// <item>the decay angles in the pair's rest frame: cos θ* from (3/8)(1 + cos²θ*), the spin-1 → two fermions angular
/// law (one uniform through the exact inverse CDF), and φ* ~ U(0, 2π) (one uniform); μ⁻ flies along (θ*, φ*) with
/// |p*| = m/2 (massless muons) and μ⁺ opposite;</item>
/// <item>when <see cref="DrellYanSettings.PairPtScale"/> &gt; 0, the pair pT q ~ Γ(2, q₀) (two uniforms) and its azimuth
/// (one uniform);</item>
/// <item>the pair four-momentum (√(m² + q²)·cosh y, q cos φ, q sin φ, √(m² + q²)·sinh y) boosts the muons to the lab;</item>
/// <item>when <see cref="DrellYanSettings.PtResolution"/> &gt; 0, each muon's momentum is scaled by 1 + σ·N(0, 1) (two
/// normals) and E = |p| recomputed, so the muons stay massless;</item>
/// <item>the event is kept when both muons pass pT &gt; <see cref="DrellYanSettings.MinPt"/> and
/// |η| &lt; <see cref="DrellYanSettings.MaxAbsEta"/> (pT with a 10⁻⁶ relative margin, so that the float32 event still
/// passes when its pT is recomputed), otherwise drawn again.</item>
/// </list>
/// Everything is computed in double and rounded to float32 once. With the <see cref="DrellYanSettings.Sheet"/> preset
/// the 20-bin histograms of a muon's pT, η, E and pz lie within a total-variation distance of 0.013 of the sheet's
/// (<c>Tests/Grader.Reference.Tests/Data/DrellYanGeneratorTests.cs</c> says what was compared).
/// </summary>
public static class DrellYanGenerator
{
    /// <summary>Columns of an event: (E, px, py, pz) of muon 1, then of muon 2.</summary>
    public const int Columns = 8;

    /// <summary>Sizes of the sheet's files dy_trn, dy_tst, dy_val.</summary>
    public const int SheetTrainingCount = 1_384_081, SheetTestCount = 296_588, SheetValidationCount = 296_588;

    private const double CutMargin = 1e-6;

    /// <summary><paramref name="count"/> accepted events drawn from <paramref name="generator"/> (default settings: <see cref="DrellYanSettings.Sheet"/>).</summary>
    public static DrellYanEvents Generate(int count, Generator generator, DrellYanSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(generator);
        settings = (settings ?? DrellYanSettings.Sheet).Validate();
        var data = new float[(long)count * Columns];
        var mass = new double[count];
        var rapidity = new double[count];
        var pairPt = new double[count];
        long attempts = 0, limit = 10_000L * (count + 10);
        int n = 0;
        while (n < count)
        {
            if (++attempts > limit)
                throw new InvalidOperationException($"DrellYanGenerator: {attempts - 1} attempts gave {n} events; the cuts accept (almost) nothing with these settings");
            var (mu1, mu2, m, y, q) = Attempt(generator, settings);
            if (!Passes(mu1, settings) || !Passes(mu2, settings)) continue;
            var row = data.AsSpan(n * Columns, Columns);
            row[0] = (float)mu1.E; row[1] = (float)mu1.Px; row[2] = (float)mu1.Py; row[3] = (float)mu1.Pz;
            row[4] = (float)mu2.E; row[5] = (float)mu2.Px; row[6] = (float)mu2.Py; row[7] = (float)mu2.Pz;
            mass[n] = m; rapidity[n] = y; pairPt[n] = q;
            n++;
        }
        return new DrellYanEvents(tensor(data, count, Columns), mass, rapidity, pairPt, attempts);
    }

    /// <summary>cos θ* for a uniform u ∈ [0, 1): the root of (c³ + 3c + 4)/8 = u, the CDF of (3/8)(1 + c²) on [−1, 1] (Cardano: c = A − 1/A, A = ∛(w + √(w² + 1)), w = 4u − 2).</summary>
    public static double DecayCosTheta(double u)
    {
        double w = 4 * u - 2;
        double a = Math.Cbrt(w + Math.Sqrt(w * w + 1));
        return Math.Clamp(a - 1 / a, -1, 1);
    }

    /// <summary>The four-momentum of muon <paramref name="muon"/> (0 or 1) of event <paramref name="row"/> of an [n, 8] event matrix.</summary>
    public static FourMomentum Muon(ReadOnlySpan<float> events, int row, int muon)
    {
        int o = row * Columns + 4 * muon;
        return new FourMomentum(events[o], events[o + 1], events[o + 2], events[o + 3]);
    }

    private static (FourMomentum Mu1, FourMomentum Mu2, double M, double Y, double Q) Attempt(Generator g, DrellYanSettings s)
    {
        double m = s.Mass.Sample(g);
        double y = s.RapiditySpread * g.NextNormal();
        double cos = DecayCosTheta(g.NextDouble());
        double phi = 2 * Math.PI * g.NextDouble();
        double q = 0, pairPhi = 0;
        if (s.PairPtScale > 0)
        {
            q = -s.PairPtScale * (Math.Log(1 - g.NextDouble()) + Math.Log(1 - g.NextDouble()));
            pairPhi = 2 * Math.PI * g.NextDouble();
        }
        double sin = Math.Sqrt(Math.Max(0, 1 - cos * cos));
        double half = m / 2;
        var rest = new FourMomentum(half, half * sin * Math.Cos(phi), half * sin * Math.Sin(phi), half * cos);
        double mt = Math.Sqrt(m * m + q * q);
        var pair = new FourMomentum(mt * Math.Cosh(y), q * Math.Cos(pairPhi), q * Math.Sin(pairPhi), mt * Math.Sinh(y));
        var mu1 = rest.Boost(pair, m);
        var mu2 = new FourMomentum(half, -rest.Px, -rest.Py, -rest.Pz).Boost(pair, m);
        if (s.PtResolution > 0)
        {
            mu1 = Smear(mu1, 1 + s.PtResolution * g.NextNormal());
            mu2 = Smear(mu2, 1 + s.PtResolution * g.NextNormal());
        }
        return (mu1, mu2, m, y, q);
    }

    private static FourMomentum Smear(FourMomentum p, double factor)
    {
        if (!(factor > 0)) return new FourMomentum(0, 0, 0, 0);   // fails the pT cut
        var scaled = new FourMomentum(0, p.Px * factor, p.Py * factor, p.Pz * factor);
        return scaled with { E = scaled.P };
    }

    private static bool Passes(FourMomentum p, DrellYanSettings s) =>
        p.Pt > s.MinPt * (1 + CutMargin) && Math.Abs(p.Eta) < s.MaxAbsEta;
}
