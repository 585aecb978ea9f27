using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

/// <summary>
/// The improved preprocessing and its inverse. Round trips are properties over random events and features, including
/// features whose pT₁ lies within 10⁻⁶ GeV of the cut and whose |η| lies within 10⁻⁵ of 2.50001, where the maps are
/// ill-conditioned; the float32 tolerance of every element is derived from the condition of the maps (see
/// <see cref="RoundTripBound"/>), not guessed.
/// </summary>
public sealed class ImprovedPreprocessingTests
{
    private const double U = 5.9604644775390625e-8;

    private static readonly ImprovedPreprocessing Standard = new([2.9, 0.01, -0.02], [0.55, 0.62, 0.61]);

    /// <summary>Features with magnitudes from typical (|z| ≤ 4) to the edges of the cuts (pT₁ − 10 down to 1e-6 GeV, |η| up to 2.5 − 1e-5).</summary>
    private static Gen<double[]> FeatureRow(ImprovedPreprocessing p)
    {
        var typical = Gen.Choose(-4000, 4000).Select(k => k / 1000.0);
        var nearPtCut = Gen.Choose(1, 60).Select(k => (Math.Log(Math.Pow(10, -k / 10.0)) - p.Mean[0]) / p.Std[0]);   // pT − 10 = 10^(−k/10)
        Gen<double> NearEtaCut(int j) => from k in Gen.Choose(1, 40)
                                         from sign in Gen.Elements(-1.0, 1.0)
                                         select (Math.Atanh(sign * (2.5 - Math.Pow(10, -k / 8.0)) / ImprovedPreprocessing.EtaCut) - p.Mean[j]) / p.Std[j];
        return from z0 in Gen.Frequency((3, typical), (1, nearPtCut))
               from z1 in Gen.Frequency((3, typical), (1, NearEtaCut(1)))
               from z2 in Gen.Frequency((3, typical), (1, NearEtaCut(2)))
               select new[] { (double)(float)z0, (float)z1, (float)z2 };
    }

    /// <summary>
    /// |ẑ − z| for features z (float32) → events (rounded to float32) → features ẑ (rounded to float32), per feature:
    /// rounding the event's components moves pT₁ by ≤ u·pT₁, and recomputing pT₁ = √(px² + py²) in float32 (a square,
    /// a sum, a root) by ≤ 2u·pT₁ more; η moves by ≤ 2u·|tanh η|·… (η = artanh(pz/|p|) has |δη| ≤ 2u·|pz|/|p|), so
    /// ln(pT₁ − 10) moves by ≤ 3u·pT₁/(pT₁ − 10) (which dominates near the cut) and artanh(η/η_c) by
    /// ≤ |δη|/(η_c·(1 − (η/η_c)²)); divided by the std, plus the output's rounding u·|ẑ| and 10⁻¹² for the double arithmetic.
    /// </summary>
    internal static double[] RoundTripBound(ImprovedPreprocessing p, double[] z)
    {
        double pt = Math.Exp(z[0] * p.Std[0] + p.Mean[0]) + ImprovedPreprocessing.PtCut;
        var bound = new double[3];
        bound[0] = 3 * U * pt / (pt - ImprovedPreprocessing.PtCut) / p.Std[0];
        for (int j = 1; j < 3; j++)
        {
            double eta = ImprovedPreprocessing.EtaCut * Math.Tanh(z[j] * p.Std[j] + p.Mean[j]);
            double r = eta / ImprovedPreprocessing.EtaCut;
            bound[j] = 2 * U * Math.Abs(Math.Tanh(eta)) / (ImprovedPreprocessing.EtaCut * (1 - r * r)) / p.Std[j];
        }
        for (int j = 0; j < 3; j++) bound[j] += U * (Math.Abs(z[j]) + bound[j]) + 1e-12 * (1 + Math.Abs(z[j]));
        return bound;
    }

    [Test]
    public void Features_to_events_and_back_round_trip_to_float32_precision()
    {
        double worst = 0;
        var cases = from rows in FeatureRow(Standard).ArrayOf(8)
                    from phi in Gen.Choose(0, 6283).ArrayOf(8)
                    select (rows, phi);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            int n = c.rows.Length;
            if (n == 0) return;
            var z = tensor(c.rows.SelectMany(r => r).ToArray(), n, 3);
            var phi = tensor(c.phi.Take(n).Select(k => k / 1000.0).Concat(Enumerable.Repeat(0.0, Math.Max(0, n - c.phi.Length))).ToArray(), n);
            var events = Standard.Invert(z, phi);
            var back = Standard.Apply(events).ToDoubleArray();
            for (int i = 0; i < n; i++)
            {
                var bound = RoundTripBound(Standard, c.rows[i]);
                for (int j = 0; j < 3; j++)
                {
                    double err = Math.Abs(back[i * 3 + j] - c.rows[i][j]);
                    worst = Math.Max(worst, err / bound[j]);
                    err.Should().BeLessThanOrEqualTo(bound[j], $"feature {j} of [{string.Join(", ", c.rows[i])}]");
                }
            }
        }));
        TestContext.Out.WriteLine($"largest round-trip error / derived bound: {worst:F3}");
    }

    [Test]
    public void In_double_the_inverse_is_exact_on_features_and_reproduces_the_event_up_to_the_muon_mass()
    {
        var g = new Generator(2);
        var ev = DrellYanGenerator.Generate(2000, g).Events.contiguous().ToArray();
        var p = ImprovedPreprocessing.Fit(tensor(ev, 2000, 8));
        for (int i = 0; i < 2000; i++)
        {
            var mu1 = DrellYanGenerator.Muon(ev, i, 0);
            var mu2 = DrellYanGenerator.Muon(ev, i, 1);
            var z = p.Apply(mu1, mu2);
            var (b1, b2) = p.Invert(z, mu1.Phi);
            foreach (var (orig, back) in new[] { (mu1, b1), (mu2, b2) })
            {
                double scale = orig.E;
                back.Px.Should().BeApproximately(orig.Px, 1e-12 * scale);
                back.Py.Should().BeApproximately(orig.Py, 1e-12 * scale);
                back.Pz.Should().BeApproximately(orig.Pz, 1e-12 * scale * Math.Cosh(orig.Eta));
                // The event's muons are massless; the inverse puts them on m = 0.105 GeV: E' − |p| = m²/(E' + |p|).
                double m2 = ImprovedPreprocessing.MuonMass * ImprovedPreprocessing.MuonMass;
                (back.E - orig.P).Should().BeApproximately(m2 / (back.E + orig.P), 1e-12 * scale);
                back.Mass.Should().BeApproximately(ImprovedPreprocessing.MuonMass, 1e-4);
            }
            p.Apply(b1, b2).Zip(z).Should().OnlyContain(t => Math.Abs(t.First - t.Second) <= 1e-9 * (1 + Math.Abs(t.Second)));
        }
    }

    [Test]
    public void Fit_takes_the_mean_and_population_std_of_the_mapped_features()
    {
        // Events built from chosen (pT₁, η₁, η₂); the expected statistics come from the mapped values directly.
        (double pt, double eta1, double eta2)[] chosen = [(45, 0.3, -1.2), (12.5, 2.1, 0.0), (30, -2.4, 1.9), (51, 0.9, -0.4)];
        var events = tensor(chosen.SelectMany(c =>
        {
            var a = FourMomentum.Massless(c.pt, c.eta1, 0.7);
            var b = FourMomentum.Massless(c.pt, c.eta2, 0.7 + Math.PI);
            return new[] { a.E, a.Px, a.Py, a.Pz, b.E, b.Px, b.Py, b.Pz };
        }).ToArray(), chosen.Length, 8);
        var stored = events.contiguous().ToArray();
        var mapped = Enumerable.Range(0, chosen.Length).Select(i =>
        {
            var a = DrellYanGenerator.Muon(stored, i, 0);
            var b = DrellYanGenerator.Muon(stored, i, 1);
            return new[] { Math.Log(a.Pt - 10), Math.Atanh(a.Eta / 2.50001), Math.Atanh(b.Eta / 2.50001) };
        }).ToArray();
        var p = ImprovedPreprocessing.Fit(events);
        for (int j = 0; j < 3; j++)
        {
            double mean = mapped.Average(r => r[j]);
            double std = Math.Sqrt(mapped.Average(r => (r[j] - mean) * (r[j] - mean)));
            p.Mean[j].Should().BeApproximately(mean, 1e-14 * (1 + Math.Abs(mean)));
            p.Std[j].Should().BeApproximately(std, 1e-14 * std);
        }
        var z = p.Apply(events).ToDoubleArray();
        for (int i = 0; i < chosen.Length; i++)
            for (int j = 0; j < 3; j++) z[i * 3 + j].Should().BeApproximately((mapped[i][j] - p.Mean[j]) / p.Std[j], U * 8);
    }

    [Test]
    public void Inverted_events_are_balanced_on_shell_and_take_phi1_from_the_generator_in_row_order()
    {
        var z = tensor(new double[] { 0.1, -0.3, 1.2, -1.0, 2.0, 0.5 }, 2, 3);
        var a = Standard.Invert(z, new Generator(9)).ToDoubleArray();
        var g = new Generator(9);
        double phi0 = 2 * Math.PI * g.NextDouble(), phi1 = 2 * Math.PI * g.NextDouble();
        // The tensor overload takes φ₁ in float32 (|Δφ| ≤ 2π·u), which moves px, py by at most pT·2π·u.
        var b = Standard.Invert(z, tensor(new[] { phi0, phi1 }, 2)).ToDoubleArray();
        for (int k = 0; k < a.Length; k++) a[k].Should().BeApproximately(b[k], 2 * Math.PI * U * a[k - k % 4] + 2 * U * Math.Abs(a[k]), $"element {k}");
        for (int i = 0; i < 2; i++)
        {
            a[i * 8 + 1].Should().Be(-a[i * 8 + 5]);
            a[i * 8 + 2].Should().Be(-a[i * 8 + 6]);
        }
        Math.Atan2(a[2], a[1]).Should().BeApproximately(phi0 > Math.PI ? phi0 - 2 * Math.PI : phi0, 1e-6);
    }

    [Test]
    public void An_event_outside_the_cuts_is_refused_with_its_row()
    {
        var ok = FourMomentum.Massless(40, 0.5, 0);
        var low = FourMomentum.Massless(9.5, 0.5, 0);
        var events = tensor(new[] { ok.E, ok.Px, ok.Py, ok.Pz, ok.E, -ok.Px, -ok.Py, ok.Pz, low.E, low.Px, low.Py, low.Pz, low.E, -low.Px, -low.Py, low.Pz }, 2, 8);
        var act = () => Standard.Apply(events);
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("event 1").And.Contain("pT₁ = 9.5");
        var wrongShape = () => Standard.Apply(zeros(3, 7));
        wrongShape.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[n, 8]");
    }
}
