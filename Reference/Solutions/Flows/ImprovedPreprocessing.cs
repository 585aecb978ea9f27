using Grader.Reference.Data.DrellYan;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// The improved preprocessing of Heidelberg sheet 9, exercise 3 (d)/(e), which sheet 10 exercise 2 (c) reuses: an event
/// (E, px, py, pz of two muons) becomes the three features (ln(pT₁ − 10 GeV), artanh(η₁/2.50001), artanh(η₂/2.50001)),
/// standardised with the training set's mean and population std (NumPy's <c>std</c>). The inverse undoes the
/// standardisation, sets pT₁ = exp(·) + 10 and η = 2.50001·tanh(·), draws φ₁ ~ U(0, 2π) (or takes it), puts both muons on
/// their mass shell (0.105 GeV) and muon 2 back to back with muon 1 in the transverse plane (px₂ = −px₁, py₂ = −py₁).
/// Features are computed in double from the float32 events and rounded to float32 once; so are events from features.
/// </summary>
public sealed record ImprovedPreprocessing
{
    /// <summary>The sheet's pT cut in GeV.</summary>
    public const double PtCut = 10;

    /// <summary>The η bound of the artanh map: the cut 2.5 plus 10⁻⁵ (the notebook: "should be 2.5 but one event is weird").</summary>
    public const double EtaCut = 2.5 + 1e-5;

    /// <summary>The muon mass (GeV) the inverse puts each muon on.</summary>
    public const double MuonMass = 0.105;

    /// <summary>Number of features: pT₁, η₁, η₂.</summary>
    public const int FeatureCount = 3;

    public ImprovedPreprocessing(double[] mean, double[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length != FeatureCount || std.Length != FeatureCount)
            throw new ArgumentException($"ImprovedPreprocessing: need {FeatureCount} means and stds, got {mean.Length} and {std.Length}");
        if (std.Any(s => !(s > 0) || !double.IsFinite(s)) || mean.Any(m => !double.IsFinite(m)))
            throw new ArgumentException($"ImprovedPreprocessing: means must be finite and stds positive, got [{string.Join(", ", mean)}], [{string.Join(", ", std)}]");
        Mean = (double[])mean.Clone();
        Std = (double[])std.Clone();
    }

    /// <summary>Per-feature mean of the training set's transformed features.</summary>
    public double[] Mean { get; }

    /// <summary>Per-feature population standard deviation (divisor n) of the training set's transformed features.</summary>
    public double[] Std { get; }

    /// <summary>
    /// The transformed features before standardisation, (ln(pT₁ − 10), artanh(η₁/2.50001), artanh(η₂/2.50001)), in
    /// double. Throws when a muon is outside the sheet's cuts (the features would not be finite).
    /// </summary>
    public static double[] Transform(FourMomentum mu1, FourMomentum mu2, int row = -1)
    {
        double pt = mu1.Pt, eta1 = mu1.Eta, eta2 = mu2.Eta;
        var f = new[] { Math.Log(pt - PtCut), Math.Atanh(eta1 / EtaCut), Math.Atanh(eta2 / EtaCut) };
        if (!f.All(double.IsFinite))
        {
            var where = row >= 0 ? $"event {row}" : "the event";
            throw new ArgumentException($"ImprovedPreprocessing: {where} is outside the sheet's cuts (pT₁ = {pt:G6} GeV must exceed {PtCut}, |η₁| = {Math.Abs(eta1):G6} and |η₂| = {Math.Abs(eta2):G6} must be below {EtaCut})");
        }
        return f;
    }

    /// <summary>Mean and population std of the transformed features of <paramref name="trainingEvents"/> [n, 8], accumulated in double.</summary>
    public static ImprovedPreprocessing Fit(Tensor trainingEvents)
    {
        var f = TransformAll(trainingEvents);
        int n = f.GetLength(0);
        if (n < 2) throw new ArgumentException($"ImprovedPreprocessing.Fit: need at least 2 training events, got {n}");
        var mean = new double[FeatureCount];
        var std = new double[FeatureCount];
        for (int j = 0; j < FeatureCount; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += f[i, j];
            mean[j] = s / n;
            double ss = 0;
            for (int i = 0; i < n; i++) { double d = f[i, j] - mean[j]; ss += d * d; }
            std[j] = Math.Sqrt(ss / n);
        }
        return new ImprovedPreprocessing(mean, std);
    }

    /// <summary>Events [n, 8] → standardised features [n, 3], float32.</summary>
    public Tensor Apply(Tensor events)
    {
        var f = TransformAll(events);
        int n = f.GetLength(0);
        var z = new float[n * FeatureCount];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < FeatureCount; j++) z[i * FeatureCount + j] = (float)((f[i, j] - Mean[j]) / Std[j]);
        return tensor(z, n, FeatureCount);
    }

    /// <summary>Standardised features of one event, in double (no float32 rounding).</summary>
    public double[] Apply(FourMomentum mu1, FourMomentum mu2)
    {
        var f = Transform(mu1, mu2);
        for (int j = 0; j < FeatureCount; j++) f[j] = (f[j] - Mean[j]) / Std[j];
        return f;
    }

    /// <summary>Standardised features [n, 3] → events [n, 8], with φ₁ of each event given ([n], radians).</summary>
    public Tensor Invert(Tensor features, Tensor phi1)
    {
        CheckFeatures(features);
        ArgumentNullException.ThrowIfNull(phi1);
        int n = features.size(0);
        if (phi1.numel() != n) throw new ArgumentException($"ImprovedPreprocessing.Invert: need one φ₁ per event ({n}), got {phi1.numel()}");
        return Invert(features, phi1.contiguous().ToDoubleArray());
    }

    /// <summary>Standardised features [n, 3] → events [n, 8], φ₁ ~ U(0, 2π) drawn from <paramref name="generator"/>, one per event in row order.</summary>
    public Tensor Invert(Tensor features, Generator generator)
    {
        CheckFeatures(features);
        ArgumentNullException.ThrowIfNull(generator);
        var phi = new double[features.size(0)];
        for (int i = 0; i < phi.Length; i++) phi[i] = 2 * Math.PI * generator.NextDouble();
        return Invert(features, phi);
    }

    /// <summary>One event from its standardised features and φ₁, in double (no float32 rounding).</summary>
    public (FourMomentum Mu1, FourMomentum Mu2) Invert(ReadOnlySpan<double> z, double phi1)
    {
        double pt = Math.Exp(z[0] * Std[0] + Mean[0]) + PtCut;
        double eta1 = EtaCut * Math.Tanh(z[1] * Std[1] + Mean[1]);
        double eta2 = EtaCut * Math.Tanh(z[2] * Std[2] + Mean[2]);
        double px = pt * Math.Cos(phi1), py = pt * Math.Sin(phi1);
        double pz1 = pt * Math.Sinh(eta1), pz2 = pt * Math.Sinh(eta2);
        double m2 = MuonMass * MuonMass;
        return (new FourMomentum(Math.Sqrt(m2 + px * px + py * py + pz1 * pz1), px, py, pz1),
                new FourMomentum(Math.Sqrt(m2 + px * px + py * py + pz2 * pz2), -px, -py, pz2));
    }

    private Tensor Invert(Tensor features, double[] phi)
    {
        int n = features.size(0);
        var z = features.contiguous().ToDoubleArray();
        var events = new float[n * DrellYanGenerator.Columns];
        for (int i = 0; i < n; i++)
        {
            var (mu1, mu2) = Invert(z.AsSpan(i * FeatureCount, FeatureCount), phi[i]);
            var row = events.AsSpan(i * DrellYanGenerator.Columns, DrellYanGenerator.Columns);
            row[0] = (float)mu1.E; row[1] = (float)mu1.Px; row[2] = (float)mu1.Py; row[3] = (float)mu1.Pz;
            row[4] = (float)mu2.E; row[5] = (float)mu2.Px; row[6] = (float)mu2.Py; row[7] = (float)mu2.Pz;
        }
        return tensor(events, n, DrellYanGenerator.Columns);
    }

    private static double[,] TransformAll(Tensor events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.dim() != 2 || events.size(1) != DrellYanGenerator.Columns)
            throw new ArgumentException($"ImprovedPreprocessing: events must be [n, {DrellYanGenerator.Columns}], got [{string.Join(", ", events.shape)}]");
        int n = events.size(0);
        var v = events.contiguous().ToArray();
        var f = new double[n, FeatureCount];
        for (int i = 0; i < n; i++)
        {
            var t = Transform(DrellYanGenerator.Muon(v, i, 0), DrellYanGenerator.Muon(v, i, 1), i);
            for (int j = 0; j < FeatureCount; j++) f[i, j] = t[j];
        }
        return f;
    }

    private static void CheckFeatures(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.dim() != 2 || features.size(1) != FeatureCount)
            throw new ArgumentException($"ImprovedPreprocessing: features must be [n, {FeatureCount}], got [{string.Join(", ", features.shape)}]");
    }
}
