using Grader.Reference.Data.DrellYan;
using Grader.Reference.Tests.Snapshots;

namespace Grader.Reference.Tests.Data;

/// <summary>
/// The look-alike Drell–Yan events. Float32 bounds: u = 2⁻²⁴; an event's components are double values rounded once,
/// so a quantity q recomputed from them in double is off by at most u·Σ|∂q/∂c|·|c| over the 8 components c (first
/// order), plus the double evaluation's own error (below 10⁻¹² relative here); each test states its bound.
/// Statistical tests use a fixed seed; their design false-fail rate (what a fresh seed would risk) is stated.
/// </summary>
public sealed class DrellYanGeneratorTests
{
    private const double U = 5.9604644775390625e-8;
    private const double MZ = DileptonMassSpectrum.PdgZMass, GammaZ = DileptonMassSpectrum.PdgZWidth;

    private static readonly Lazy<DrellYanEvents> SheetEvents = new(() => DrellYanGenerator.Generate(400_000, new Generator(20231010)));

    private static (FourMomentum Mu1, FourMomentum Mu2)[] Muons(Tensor events)
    {
        var v = events.contiguous().ToArray();
        return Enumerable.Range(0, events.size(0)).Select(i => (DrellYanGenerator.Muon(v, i, 0), DrellYanGenerator.Muon(v, i, 1))).ToArray();
    }

    // ---- the mass spectrum ----

    [Test]
    public void The_mass_density_integrates_to_the_closed_form_cdf()
    {
        var spectrum = new DileptonMassSpectrum();
        // Composite Simpson in double on 0.01 GeV steps (the resonance's curvature scale is Γ/2 = 1.25 GeV, error < 1e-9).
        double a = spectrum.MinMass, integral = 0;
        foreach (var b in new[] { 60.0, 85, 91.1876, 95, 110, 130 })
        {
            int n = (int)Math.Ceiling((b - a) / 0.01) * 2;
            double h = (b - a) / n, s = spectrum.Density(a) + spectrum.Density(b);
            for (int i = 1; i < n; i++) s += spectrum.Density(a + i * h) * (i % 2 == 1 ? 4 : 2);
            integral += s * h / 3;
            integral.Should().BeApproximately(spectrum.Cdf(b), 1e-9, $"∫ density from {spectrum.MinMass} to {b}");
            a = b;
        }
        spectrum.Cdf(spectrum.MinMass).Should().Be(0);
        spectrum.Cdf(spectrum.MaxMass).Should().Be(1);
    }

    [Test]
    public void Sampled_masses_follow_the_spectrum()
    {
        // One-sample KS against the closed-form CDF; DKW: P(D > ε) ≤ 2·exp(−2nε²), so ε = √(ln(2/α)/(2n)) at α = 1e-6.
        var spectrum = new DileptonMassSpectrum();
        var g = new Generator(7);
        const int n = 20_000;
        var m = Enumerable.Range(0, n).Select(_ => spectrum.Sample(g)).Order().ToArray();
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = spectrum.Cdf(m[i]);
            d = Math.Max(d, Math.Max(Math.Abs(f - (double)i / n), Math.Abs(f - (double)(i + 1) / n)));
        }
        double epsilon = Math.Sqrt(Math.Log(2 / 1e-6) / (2 * n));
        TestContext.Out.WriteLine($"KS distance {d:F5}, DKW bound at α = 1e-6: {epsilon:F5}");
        d.Should().BeLessThan(epsilon);
        m.Min().Should().BeGreaterThanOrEqualTo(spectrum.MinMass);
        m.Max().Should().BeLessThanOrEqualTo(spectrum.MaxMass);
    }

    [Test]
    public void Decay_angle_is_the_root_of_the_one_plus_cos_squared_cdf()
    {
        for (int k = 0; k <= 1000; k++)
        {
            double u = k / 1000.0, c = DrellYanGenerator.DecayCosTheta(u);
            ((c * c * c + 3 * c + 4) / 8).Should().BeApproximately(u, 1e-14, $"u = {u}");
        }
        DrellYanGenerator.DecayCosTheta(0).Should().BeApproximately(-1, 1e-14);
        DrellYanGenerator.DecayCosTheta(0.5).Should().BeApproximately(0, 1e-15);
    }

    // ---- events of the sheet preset ----

    /// <summary>The events (row and message) where <paramref name="violation"/> returns a message; empty when none.</summary>
    private static List<string> Violations(Tensor events, Func<int, FourMomentum, FourMomentum, string?> violation)
    {
        var muons = Muons(events);
        var found = new List<string>();
        for (int i = 0; i < muons.Length; i++)
            if (violation(i, muons[i].Mu1, muons[i].Mu2) is string message) found.Add($"event {i}: {message}");
        return found;
    }

    [Test]
    public void Every_muon_passes_the_sheet_cuts_when_recomputed_from_the_float32_event()
    {
        var bad = Violations(SheetEvents.Value.Events, (_, a, b) =>
            a.Pt > 10 && b.Pt > 10 && Math.Abs(a.Eta) < 2.5 + 1e-5 && Math.Abs(b.Eta) < 2.5 + 1e-5 ? null : $"pT {a.Pt}, {b.Pt}, η {a.Eta}, {b.Eta}");
        bad.Should().BeEmpty();
    }

    [Test]
    public void Muons_are_massless_and_the_event_is_balanced_in_the_transverse_plane()
    {
        // E and each p_k were rounded once from an exact E = |p|: |E − |p|| ≤ u·E + u·|p| ≤ 2u·E.
        double worst = 0;
        var bad = Violations(SheetEvents.Value.Events, (_, a, b) =>
        {
            foreach (var mu in new[] { a, b })
            {
                double ratio = Math.Abs(mu.E - mu.P) / (2 * U * mu.E);
                worst = Math.Max(worst, ratio);
                if (ratio > 1) return $"|E − |p|| = {Math.Abs(mu.E - mu.P)} at E = {mu.E}";
            }
            return a.Px + b.Px == 0 && a.Py + b.Py == 0 ? null : $"Σpx = {a.Px + b.Px}, Σpy = {a.Py + b.Py}";
        });
        TestContext.Out.WriteLine($"largest |E − |p|| / (2u·E): {worst:F3}");
        bad.Should().BeEmpty();
    }

    [Test]
    public void Pair_mass_and_rapidity_recomputed_from_the_four_vectors_are_the_truth()
    {
        var ev = SheetEvents.Value;
        double worstMass = 0, worstY = 0;
        var bad = Violations(ev.Events, (i, a, b) =>
        {
            var p = a + b;
            // δ(m²) ≤ 2u·(|E|(|E₁| + |E₂|) + Σ_k |P_k|(|p₁ₖ| + |p₂ₖ|)), δm = δ(m²)/(2m).
            double dm2 = 2 * U * (Math.Abs(p.E) * (a.E + b.E) + Math.Abs(p.Px) * (Math.Abs(a.Px) + Math.Abs(b.Px))
                + Math.Abs(p.Py) * (Math.Abs(a.Py) + Math.Abs(b.Py)) + Math.Abs(p.Pz) * (Math.Abs(a.Pz) + Math.Abs(b.Pz)));
            double massRatio = Math.Abs(p.Mass - ev.PairMass[i]) / (dm2 / (2 * ev.PairMass[i]) + 1e-10 * ev.PairMass[i]);
            // y = ½ ln((E + Pz)/(E − Pz)): δy ≤ ½·u·S·(1/(E + Pz) + 1/(E − Pz)), S = Σ |E_k| + |p_zk|.
            double s = a.E + b.E + Math.Abs(a.Pz) + Math.Abs(b.Pz);
            double yRatio = Math.Abs(p.Rapidity - ev.PairRapidity[i]) / (0.5 * U * s * (1 / (p.E + p.Pz) + 1 / (p.E - p.Pz)) + 1e-10);
            worstMass = Math.Max(worstMass, massRatio);
            worstY = Math.Max(worstY, yRatio);
            return massRatio <= 1 && yRatio <= 1 && p.Pt == 0 ? null : $"m {p.Mass} vs {ev.PairMass[i]}, y {p.Rapidity} vs {ev.PairRapidity[i]}, pT {p.Pt}";
        });
        TestContext.Out.WriteLine($"largest error / bound: mass {worstMass:F3}, rapidity {worstY:F3}; acceptance {ev.Acceptance:F4}");
        bad.Should().BeEmpty();
    }

    [Test]
    public void The_invariant_mass_peaks_at_m_Z_with_the_width_Gamma_Z()
    {
        // The density of the relativistic Breit–Wigner in m peaks at M_Z + Γ²/(8M_Z) (+0.009 GeV) with full width at half
        // maximum Γ(1 + O(Γ²/M²)); the 1 % continuum adds 1e-4 of the peak height there and the acceptance varies by far
        // less than 1 % across ±Γ. The peak height is the vertex of the parabola through the fullest bin and its two
        // neighbours; the half-maximum crossings are interpolated linearly between 0.25 GeV bins. Over 30 seeds of 400,000
        // Breit–Wigner masses (numpy) this estimator gives FWHM/Γ = 1.008 ± 0.007; the mid-point moves by σ ≈ 0.01 GeV.
        // Tolerances 5 % of Γ and 0.1 GeV are 6σ and more: false-fail rate below 1e-9.
        var mass = EventObservable.PairMass.Of(SheetEvents.Value.Events);
        const double lo = 81, hi = 101, width = 0.25;
        int bins = (int)((hi - lo) / width);
        var counts = new double[bins];
        foreach (var m in mass) if (m >= lo && m < hi) counts[(int)((m - lo) / width)]++;
        double Centre(int k) => lo + (k + 0.5) * width;
        int top = Array.IndexOf(counts, counts.Max());
        double cm = counts[top - 1], c0 = counts[top], cp = counts[top + 1];
        double half = (c0 - (cp - cm) * (cp - cm) / (8 * (cp - 2 * c0 + cm))) / 2;
        double Crossing(int from, int step)
        {
            int k = from;
            while (counts[k + step] > half) k += step;
            double t = (counts[k] - half) / (counts[k] - counts[k + step]);
            return Centre(k) + step * t * width;
        }
        double left = Crossing(top, -1), right = Crossing(top, +1);
        double fwhm = right - left, middle = (left + right) / 2;
        TestContext.Out.WriteLine($"fullest bin [{Centre(top) - width / 2}, {Centre(top) + width / 2}) GeV; half-maximum at {left:F3} and {right:F3}: FWHM {fwhm:F3} GeV (Γ_Z = {GammaZ}), centre {middle:F3} GeV (M_Z = {MZ})");
        Math.Abs(Centre(top) - MZ).Should().BeLessThan(0.5, "the fullest bin lies at M_Z");
        fwhm.Should().BeApproximately(GammaZ, 0.05 * GammaZ);
        middle.Should().BeApproximately(MZ, 0.1);
    }

    // ---- the detector preset ----

    [Test]
    public void With_a_pair_recoil_the_recomputed_pair_pt_is_the_truth_and_the_muons_are_no_longer_balanced()
    {
        var ev = DrellYanGenerator.Generate(20_000, new Generator(3), DrellYanSettings.Detector with { PtResolution = 0 });
        double worst = 0;
        var bad = Violations(ev.Events, (i, a, b) =>
        {
            var p = a + b;
            // δPt ≤ u·(|Px|(|px₁| + |px₂|) + |Py|(|py₁| + |py₂|))/Pt.
            double bound = U * (Math.Abs(p.Px) * (Math.Abs(a.Px) + Math.Abs(b.Px)) + Math.Abs(p.Py) * (Math.Abs(a.Py) + Math.Abs(b.Py))) / Math.Max(p.Pt, 1e-30) + 1e-10;
            worst = Math.Max(worst, Math.Abs(p.Pt - ev.PairPt[i]) / bound);
            return Math.Abs(p.Pt - ev.PairPt[i]) <= bound ? null : $"pT {p.Pt} vs {ev.PairPt[i]}";
        });
        bad.Should().BeEmpty();
        var muons = Muons(ev.Events);
        double meanPt = ev.PairPt.Average();
        TestContext.Out.WriteLine($"mean pair pT {meanPt:F2} GeV (Γ(2, 4 GeV) before cuts: 8); largest error / bound {worst:F3}");
        meanPt.Should().BeInRange(6, 10);
        muons.Count(m => Math.Abs(m.Mu1.Pt - m.Mu2.Pt) > 0.5).Should().BeGreaterThan(muons.Length / 2);
    }

    [Test]
    public void The_detector_smearing_widens_the_mass_by_the_stated_resolution()
    {
        // Scaling both momenta by f₁, f₂ keeps the opening angle, so m_reco = m·√(f₁f₂) for massless muons and
        // ln(m_reco/m) = ½(ln f₁ + ln f₂) has std σ/√2·(1 + O(σ²)) for f = 1 + σN. n = 50,000: the sample std's relative
        // standard error is 1/√(2n) = 0.3 %; the tolerance 3 % is 10 standard errors (plus the cuts' and O(σ²) effects,
        // below 0.5 %).
        var settings = DrellYanSettings.Detector;
        var ev = DrellYanGenerator.Generate(50_000, new Generator(4), settings);
        var mass = EventObservable.PairMass.Of(ev.Events);
        var r = mass.Select((m, i) => Math.Log(m / ev.PairMass[i])).ToArray();
        double mean = r.Average(), std = Math.Sqrt(r.Sum(v => (v - mean) * (v - mean)) / (r.Length - 1));
        TestContext.Out.WriteLine($"std of ln(m_reco/m_true) {std:F5}, expected σ/√2 = {settings.PtResolution / Math.Sqrt(2):F5}");
        std.Should().BeApproximately(settings.PtResolution / Math.Sqrt(2), 0.03 * settings.PtResolution / Math.Sqrt(2));
    }

    [Test]
    public void The_same_generator_seed_gives_the_same_events()
    {
        var a = DrellYanGenerator.Generate(100, new Generator(11)).Events.ToArray();
        var b = DrellYanGenerator.Generate(100, new Generator(11)).Events.ToArray();
        var c = DrellYanGenerator.Generate(100, new Generator(12)).Events.ToArray();
        a.Should().Equal(b);
        a.Should().NotEqual(c);
    }

    // ---- against the sheet's histograms ----

    public sealed record SheetHistogram(double Min, double Max, double[] Heights);

    private static Dictionary<string, SheetHistogram> SheetHistograms()
    {
        var path = Path.Combine(SnapshotApproval.RepositoryRoot(), "fixtures", "drell-yan", "sheet09_truth_histograms.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("histograms").EnumerateObject().ToDictionary(p => p.Name, p => new SheetHistogram(
            p.Value.GetProperty("min").GetDouble(), p.Value.GetProperty("max").GetDouble(),
            p.Value.GetProperty("heights").EnumerateArray().Select(h => h.GetDouble()).ToArray()));
    }

    /// <summary>½Σ|p − q| over the 20 bins, plus half the generated mass outside the sheet's range.</summary>
    private static double TotalVariation(double[] values, SheetHistogram sheet)
    {
        int bins = sheet.Heights.Length;
        var p = new double[bins];
        int outside = 0;
        foreach (var v in values)
        {
            int k = (int)Math.Floor((v - sheet.Min) / (sheet.Max - sheet.Min) * bins);
            if (k >= 0 && k < bins) p[k]++;
            else outside++;
        }
        double total = sheet.Heights.Sum(), tv = 0.5 * outside / values.Length;
        for (int k = 0; k < bins; k++) tv += 0.5 * Math.Abs(p[k] / values.Length - sheet.Heights[k] / total);
        return tv;
    }

    private static readonly (string Id, EventObservable Observable)[] Compared =
        [("pt1", EventObservable.Pt1), ("eta1", EventObservable.Eta1), ("e1", EventObservable.E1), ("pz1", EventObservable.Pz1)];

    /// <summary>
    /// The 20-bin density histograms of muon 1's pT, η, E and pz against the sheet's truth histograms (sheet 9 solution,
    /// the test set, read off the figure: fixtures/drell-yan/digitise_sheet09_figure.py), by total variation. Their
    /// reading error: ±0.5 px on bars of 5–170 px (≤ 0.005 in TV) and ±0.5 px on the range ends (a shift of 6 % of a bin,
    /// ≤ 0.012 in TV at the pT peak); 200,000 events add ~0.003. The bound 0.03 covers both; a rapidity spread of 1.5
    /// instead of 3.5 or M_Z 5 GeV low exceed it (<see cref="Wrong_physics_is_visible_in_the_same_comparison"/>).
    /// </summary>
    [Test]
    public void Muon_histograms_look_like_the_sheet_s()
    {
        var sheet = SheetHistograms();
        var events = DrellYanGenerator.Generate(200_000, new Generator(5)).Events;
        foreach (var (id, observable) in Compared)
        {
            double tv = TotalVariation(observable.Of(events), sheet[id]);
            TestContext.Out.WriteLine($"{id}: total variation to the sheet's histogram {tv:F4}");
            tv.Should().BeLessThan(0.03, id);
        }
    }

    [Test]
    public void Wrong_physics_is_visible_in_the_same_comparison()
    {
        var sheet = SheetHistograms();
        var narrow = DrellYanGenerator.Generate(100_000, new Generator(6), DrellYanSettings.Sheet with { RapiditySpread = 1.5 }).Events;
        var shifted = DrellYanGenerator.Generate(100_000, new Generator(6), DrellYanSettings.Sheet with { Mass = new DileptonMassSpectrum(ZMass: MZ - 5) }).Events;
        double eta = TotalVariation(EventObservable.Eta1.Of(narrow), sheet["eta1"]);
        double pt = TotalVariation(EventObservable.Pt1.Of(shifted), sheet["pt1"]);
        TestContext.Out.WriteLine($"σ_y = 1.5: η total variation {eta:F4}; M_Z − 5 GeV: pT total variation {pt:F4}");
        eta.Should().BeGreaterThan(0.03);
        pt.Should().BeGreaterThan(0.03);
    }

    // ---- the sheet's files ----

    [Test]
    public void A_folder_with_the_sheet_s_three_files_loads_and_a_bad_file_is_named()
    {
        using var scratch = new Scratch();
        var dir = scratch.Root;
        var events = DrellYanGenerator.Generate(30, new Generator(8)).Events;
        foreach (var f in new[] { DrellYanDataSet.TrainingFile, DrellYanDataSet.TestFile, DrellYanDataSet.ValidationFile })
            NpyFile.Write(Path.Combine(dir, f), NpyMatrix.FromTensor(events));
        var set = DrellYanDataSet.Load(dir);
        set.Training.ToArray().Should().Equal(events.ToArray());
        set.Validation.shape.Should().Equal(30, 8);

        NpyFile.Write(Path.Combine(dir, DrellYanDataSet.TestFile), NpyMatrix.FromTensor(events.narrow(1, 0, 7)));
        var act = () => DrellYanDataSet.Load(dir);
        act.Should().Throw<InvalidDataException>().Which.Message.Should().Contain(DrellYanDataSet.TestFile).And.Contain("7 columns, 8 are expected");
        File.Delete(Path.Combine(dir, DrellYanDataSet.ValidationFile));
        NpyFile.Write(Path.Combine(dir, DrellYanDataSet.TestFile), NpyMatrix.FromTensor(events));
        var missing = () => DrellYanDataSet.Load(dir);
        missing.Should().Throw<FileNotFoundException>().Which.Message.Should().Contain(DrellYanDataSet.ValidationFile);
    }
}
