using Grader.Checks.Diffusion.Tolerance;
using Grader.Checks.Comparison;
using Grader.Checks.Flows;
using Grader.Checks.Flows.Snapshots;
using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;

namespace Grader.Checks.Hidden.Flows.Expected;

/// <summary>
/// What the improved preprocessing must return for given events (a <see cref="PreprocessingSnapshot"/>): the reference's
/// outputs (<see cref="ImprovedPreprocessing"/>, computed in double and rounded once), and per element the tolerance
/// 2B + |reference − exact|. B is the conditioning bound (<see cref="ConditionBound"/>) of the element as a function of
/// the float32 inputs (and of μ, σ, which a hand-in may round to float32); for <c>Fit</c>, B carries the features' B
/// through a float32 sum over the training events (γ_n of the absolute sums) and the variance (either the two-pass or
/// the one-pass formula). The wrong variants are computed in double.
/// </summary>
public static class PreprocessingExpectations
{
    private const double U = Float32Bound.U;

    /// <summary>The case <paramref name="description"/> for <paramref name="training"/> [n, 8], <paramref name="events"/> [m, 8], <paramref name="undoFeatures"/> [k, 3] and <paramref name="phi1"/> [k].</summary>
    public static PreprocessingSnapshot Of(string description, Tensor training, Tensor events, Tensor undoFeatures, Tensor phi1)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(undoFeatures);
        ArgumentNullException.ThrowIfNull(phi1);
        var reference = ImprovedPreprocessing.Fit(training);
        double[] mu = reference.Mean, sigma = reference.Std;

        // Fit.
        var t = training.contiguous().ToArray();
        int n = training.size(0);
        var f = new double[n][];
        var df = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var e = Row(t, i, 8);
            f[i] = Transform(e);
            df[i] = ConditionBound.Of(Transform, e);
        }
        double gamma = Float32Bound.Gamma(n + 3);
        var meanTolerance = new double[3];
        var stdTolerance = new double[3];
        for (int j = 0; j < 3; j++)
        {
            double mean = f.Average(r => r[j]);
            double meanBound = Enumerable.Range(0, n).Average(i => df[i][j]) + Float32Bound.Gamma(n) * f.Average(r => Math.Abs(r[j])) + U * Math.Abs(mean);
            double variance = f.Average(r => (r[j] - mean) * (r[j] - mean));
            double varianceBound = Enumerable.Range(0, n).Average(i => 2 * Math.Abs(f[i][j] - mean) * (df[i][j] + meanBound))
                + gamma * (f.Average(r => r[j] * r[j]) + mean * mean);
            double std = Math.Sqrt(variance);
            double stdBound = varianceBound / (2 * std) + U * std;
            meanTolerance[j] = CouplingExpectations.Within(mu[j], mean, meanBound, "mean");
            stdTolerance[j] = CouplingExpectations.Within(sigma[j], std, stdBound, "standard deviation");
        }
        var stdVariants = new List<Variant> { new("std-n-minus-one", sigma.Select(s => (float)(s * Math.Sqrt((double)n / (n - 1)))).ToArray()) };

        // Preprocess with the reference's standardisation.
        var ev = events.contiguous().ToArray();
        int m = events.size(0);
        var features = reference.Apply(events).ToArray();
        var featureTolerance = new double[m * 3];
        var cutNotSubtracted = new float[m * 3];
        var etaNotMapped = new float[m * 3];
        var notStandardised = new float[m * 3];
        for (int i = 0; i < m; i++)
        {
            var e = Row(ev, i, 8);
            var inputs = e.Concat(mu).Concat(sigma).ToArray();
            var exact = Standardised(inputs);
            var bound = ConditionBound.Of(Standardised, inputs);
            var raw = Transform(e);
            var (mu1, mu2) = Muons(e);
            for (int j = 0; j < 3; j++)
            {
                featureTolerance[i * 3 + j] = CouplingExpectations.Within(features[i * 3 + j], exact[j], bound[j], "feature");
                notStandardised[i * 3 + j] = (float)raw[j];
                cutNotSubtracted[i * 3 + j] = (float)(j == 0 ? (Math.Log(mu1.Pt) - mu[0]) / sigma[0] : exact[j]);
                etaNotMapped[i * 3 + j] = (float)(j == 0 ? exact[0] : ((j == 1 ? mu1.Eta : mu2.Eta) - mu[j]) / sigma[j]);
            }
        }
        var featureVariants = new List<Variant>
        {
            new("pt-cut-not-subtracted", cutNotSubtracted),
            new("eta-not-mapped", etaNotMapped),
            new("not-standardised", notStandardised),
        };

        // UndoPreprocess with the reference's standardisation and the given φ₁.
        var z = undoFeatures.contiguous().ToArray();
        var phi = phi1.contiguous().ToArray();
        int k = undoFeatures.size(0);
        var restored = reference.Invert(undoFeatures, phi1).ToArray();
        var undoTolerance = new double[k * 8];
        var shiftMissing = new float[k * 8];
        var notBackToBack = new float[k * 8];
        var notUndone = new float[k * 8];
        var massless = new float[k * 8];
        for (int i = 0; i < k; i++)
        {
            var inputs = Row(z, i, 3).Append(phi[i]).Concat(mu).Concat(sigma).ToArray();
            var exact = Undo(inputs);
            var bound = ConditionBound.Of(Undo, inputs);
            var noShift = Undo(inputs, ptShift: 0);
            var plain = Undo(Row(z, i, 3).Append(phi[i]).Concat(new double[3]).Concat([1.0, 1.0, 1.0]).ToArray());
            var noMass = Undo(inputs, ImprovedPreprocessing.PtCut, mass: 0);
            for (int j = 0; j < 8; j++)
            {
                undoTolerance[i * 8 + j] = CouplingExpectations.Within(restored[i * 8 + j], exact[j], bound[j], "event entry");
                shiftMissing[i * 8 + j] = (float)noShift[j];
                notBackToBack[i * 8 + j] = (float)(j is 5 or 6 ? -exact[j] : exact[j]);
                notUndone[i * 8 + j] = (float)plain[j];
                massless[i * 8 + j] = (float)noMass[j];
            }
        }
        var undoVariants = new List<Variant>
        {
            new("pt-shift-missing", shiftMissing),
            new("not-back-to-back", notBackToBack),
            new("standardisation-not-undone", notUndone),
            new("muons-massless", massless),
        };

        return new PreprocessingSnapshot(description, n, t, mu, sigma, meanTolerance, stdTolerance, stdVariants,
            m, ev, features, featureTolerance, featureVariants, k, z, phi, restored, undoTolerance, undoVariants);
    }

    /// <summary>The sheet's map of one event (8 entries) to its three features before standardisation, in double.</summary>
    private static double[] Transform(double[] e)
    {
        var (mu1, mu2) = Muons(e);
        return [Math.Log(mu1.Pt - ImprovedPreprocessing.PtCut), Math.Atanh(mu1.Eta / ImprovedPreprocessing.EtaCut), Math.Atanh(mu2.Eta / ImprovedPreprocessing.EtaCut)];
    }

    /// <summary>The standardised features of (8 event entries, μ₀..₂, σ₀..₂).</summary>
    private static double[] Standardised(double[] inputs)
    {
        var raw = Transform(inputs[..8]);
        return Enumerable.Range(0, 3).Select(j => (raw[j] - inputs[8 + j]) / inputs[11 + j]).ToArray();
    }

    /// <summary>The event of (z₀..₂, φ₁, μ₀..₂, σ₀..₂), with the pT shift and the muon mass given (the sheet's 10 GeV and 0.105 GeV unless a variant drops them).</summary>
    private static double[] Undo(double[] inputs) => Undo(inputs, ImprovedPreprocessing.PtCut);

    private static double[] Undo(double[] inputs, double ptShift, double mass = ImprovedPreprocessing.MuonMass)
    {
        double Feature(int j) => inputs[j] * inputs[7 + j] + inputs[4 + j];
        double pt = Math.Exp(Feature(0)) + ptShift;
        double eta1 = ImprovedPreprocessing.EtaCut * Math.Tanh(Feature(1));
        double eta2 = ImprovedPreprocessing.EtaCut * Math.Tanh(Feature(2));
        double phi = inputs[3];
        double px = pt * Math.Cos(phi), py = pt * Math.Sin(phi), pz1 = pt * Math.Sinh(eta1), pz2 = pt * Math.Sinh(eta2);
        double m2 = mass * mass;
        return [Math.Sqrt(m2 + px * px + py * py + pz1 * pz1), px, py, pz1, Math.Sqrt(m2 + px * px + py * py + pz2 * pz2), -px, -py, pz2];
    }

    private static (FourMomentum Mu1, FourMomentum Mu2) Muons(double[] e) => (new(e[0], e[1], e[2], e[3]), new(e[4], e[5], e[6], e[7]));

    private static double[] Row(float[] v, int row, int width) => Enumerable.Range(0, width).Select(j => (double)v[row * width + j]).ToArray();
}
