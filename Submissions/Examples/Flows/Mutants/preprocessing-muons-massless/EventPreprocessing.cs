using System;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c), the improved preprocessing of sheet 9, exercise 3: (pT₁, η₁, η₂) →
/// (ln(pT₁ − 10), artanh(η₁/2.50001), artanh(η₂/2.50001)), standardised with the training events' mean and std.
/// The inverse puts muon 1 at the given φ₁, muon 2 back to back in the transverse plane, both on the mass shell.
/// </summary>
public sealed class EventPreprocessing : IEventPreprocessing
{
    private const double PtCut = 10;
    private const double EtaCut = 2.50001;
    private const double MuonMass = 0.105;

    public FeatureStandardisation Fit(Tensor trainingEvents)
    {
        var f = Features(trainingEvents);
        int n = f.GetLength(0);
        var mean = new double[3];
        var std = new double[3];
        for (int j = 0; j < 3; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += f[i, j];
            mean[j] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) squares += (f[i, j] - mean[j]) * (f[i, j] - mean[j]);
            std[j] = Math.Sqrt(squares / n);
        }
        return new FeatureStandardisation(mean, std);
    }

    public Tensor Preprocess(Tensor events, FeatureStandardisation standardisation)
    {
        var f = Features(events);
        int n = f.GetLength(0);
        var z = new float[n * 3];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 3; j++)
                z[i * 3 + j] = (float)((f[i, j] - standardisation.Mean[j]) / standardisation.Std[j]);
        return tensor(z, n, 3);
    }

    public Tensor UndoPreprocess(Tensor features, FeatureStandardisation standardisation, Tensor phi1)
    {
        int n = features.size(0);
        var z = features.contiguous().ToArray();
        var phi = phi1.contiguous().ToArray();
        var events = new float[n * 8];
        for (int i = 0; i < n; i++)
        {
            double Feature(int j) => z[i * 3 + j] * standardisation.Std[j] + standardisation.Mean[j];
            double pt = Math.Exp(Feature(0)) + PtCut;
            double eta1 = EtaCut * Math.Tanh(Feature(1));
            double eta2 = EtaCut * Math.Tanh(Feature(2));
            double px = pt * Math.Cos(phi[i]), py = pt * Math.Sin(phi[i]);
            double pz1 = pt * Math.Sinh(eta1), pz2 = pt * Math.Sinh(eta2);
            double e1 = Math.Sqrt(px * px + py * py + pz1 * pz1); // MUTANT: massless muons, E = |p| (the mass shell E² = |p|² + m² left out)
            double e2 = Math.Sqrt(px * px + py * py + pz2 * pz2);
            double[] row = [e1, px, py, pz1, e2, -px, -py, pz2];
            for (int k = 0; k < 8; k++) events[i * 8 + k] = (float)row[k];
        }
        return tensor(events, n, 8);
    }

    /// <summary>The three mapped features of each event, before standardisation, in double.</summary>
    private static double[,] Features(Tensor events)
    {
        int n = events.size(0);
        var v = events.contiguous().ToArray();
        var f = new double[n, 3];
        for (int i = 0; i < n; i++)
        {
            double px1 = v[i * 8 + 1], py1 = v[i * 8 + 2], pz1 = v[i * 8 + 3];
            double px2 = v[i * 8 + 5], py2 = v[i * 8 + 6], pz2 = v[i * 8 + 7];
            double pt1 = Math.Sqrt(px1 * px1 + py1 * py1);
            f[i, 0] = Math.Log(pt1 - PtCut);
            f[i, 1] = Math.Atanh(Eta(px1, py1, pz1) / EtaCut);
            f[i, 2] = Math.Atanh(Eta(px2, py2, pz2) / EtaCut);
        }
        return f;
    }

    private static double Eta(double px, double py, double pz) => Math.Atanh(pz / Math.Sqrt(px * px + py * py + pz * pz));
}
