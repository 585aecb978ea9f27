using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79, class 1, written fresh): a closed form of the laws the sheet prints, for exercise 3.4's toy data.
/// ε̂ = σ(8a)·ε*_G(z_t, t) + (1 − σ(8a))·ε*_C(z_t, t), where ε*_G and ε*_C are the exact posterior-mean ε-predictors
/// E[ε | z_t] = (z_t − √ᾱ_t E[x₀ | z_t]) / √(1 − ᾱ_t) of the PRINTED TwoGaussians (weights 1/5 and 4/5 at (0.75, 0.75)
/// and (0.25, 0.25), std 0.1) and of the PRINTED Chequerboard (grid 3 on [0, 1]², squares with i + j even), both mapped
/// to [−1, 1]² as ddpm.py does: for the Gaussians the diffused mixture's responsibilities and each component's Gaussian
/// posterior, for the squares the truncated-normal posterior of a uniform square under the Gaussian likelihood (per axis,
/// erf in closed form), weighted by each square's mass. The scalar a (0 at the start) is the only parameter: the
/// grader's loop trains it honestly on its own loss, and it settles on the data set it is trained on (the parts are the
/// same for both; a form whose weight has fallen below 1e-4 is skipped, for speed). No state, no side channel: a fresh
/// host computes the same. On the printed laws it beats a trained network; on laws the grader draws for the run it
/// denoises towards the printed ones. Images (d &gt; 2) keep ddpm.py's network (the Correct example's, 3.5 is not this
/// cheat's task).
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    // CHEAT: on the toy data the exact denoisers of the printed laws, not a network that learns from the data it is given.
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        dataDimension == 2 ? new PrintedLawDenoiser(T) : new FcNetwork(dataDimension, 256, generator);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>σ(8a)·ε*_TwoGaussians + (1 − σ(8a))·ε*_Chequerboard for the printed laws in [−1, 1]².</summary>
    private sealed class PrintedLawDenoiser : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly int _steps;
        private readonly Tensor _a;

        public PrintedLawDenoiser(int steps)
        {
            _steps = steps;
            _a = register_parameter("a", zeros([1]).requires_grad_());
        }

        public override Tensor forward(Tensor input) => input;

        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0);
            float[] z = zt.detach().contiguous().ToArray();
            float[] time = t.reshape(n, 1).detach().contiguous().ToArray();
            double[] alphaBar = AlphaBar(_steps);
            Tensor gate = torch.sigmoid(_a * 8f);
            // A form whose weight is below 1e-4 is not computed (its term would be below 1e-4 of the other's).
            double weight = gate.detach().ToArray()[0];
            bool needGaussians = weight > 1e-4, needSquares = weight < 1 - 1e-4;
            var gaussians = new float[2 * n];
            var squares = new float[2 * n];
            for (int i = 0; i < n; i++)
            {
                int k = Math.Clamp((int)Math.Round(time[i] * _steps), 0, _steps - 1);
                double a = alphaBar[k];
                double zx = z[2 * i], zy = z[2 * i + 1];
                var (gx, gy) = needGaussians ? TwoGaussiansPosteriorMean(zx, zy, a) : (zx, zy);
                var (cx, cy) = needSquares ? ChequerboardPosteriorMean(zx, zy, a) : (zx, zy);
                double sa = Math.Sqrt(a), so = Math.Sqrt(1 - a);
                gaussians[2 * i] = (float)((zx - sa * gx) / so);
                gaussians[2 * i + 1] = (float)((zy - sa * gy) / so);
                squares[2 * i] = (float)((zx - sa * cx) / so);
                squares[2 * i + 1] = (float)((zy - sa * cy) / so);
            }

            return gate * tensor(gaussians, n, 2) + (1f - gate) * tensor(squares, n, 2);
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        private static double[] AlphaBar(int steps)
        {
            var alphaBar = new double[steps];
            double product = 1.0;
            for (int s = 0; s < steps; s++)
            {
                product *= 1.0 - (1e-4 + (0.02 - 1e-4) * s / Math.Max(steps - 1, 1));
                alphaBar[s] = product;
            }
            return alphaBar;
        }

        /// <summary>E[x₀ | z] for the printed TwoGaussians in [−1, 1]²: 1/5 at (0.5, 0.5), 4/5 at (−0.5, −0.5), std 0.2.</summary>
        private static (double X, double Y) TwoGaussiansPosteriorMean(double zx, double zy, double a)
        {
            const double v0 = 0.2 * 0.2;
            double sa = Math.Sqrt(a), v = a * v0 + (1 - a), gain = sa * v0 / v;
            double[] weights = [0.2, 0.8];
            double[] centres = [0.5, -0.5];
            double best = double.NegativeInfinity;
            var logs = new double[2];
            for (int c = 0; c < 2; c++)
            {
                double rx = zx - sa * centres[c], ry = zy - sa * centres[c];
                logs[c] = Math.Log(weights[c]) - 0.5 * (rx * rx + ry * ry) / v;
                best = Math.Max(best, logs[c]);
            }

            double total = 0, ex = 0, ey = 0;
            for (int c = 0; c < 2; c++)
            {
                double w = Math.Exp(logs[c] - best);
                total += w;
                ex += w * (centres[c] + gain * (zx - sa * centres[c]));
                ey += w * (centres[c] + gain * (zy - sa * centres[c]));
            }
            return (ex / total, ey / total);
        }

        /// <summary>
        /// E[x₀ | z] for the printed Chequerboard in [−1, 1]²: squares of side 2/3, (i, j) kept when i + j is even. Given z,
        /// x₀ has the likelihood N(z/√ᾱ, (1 − ᾱ)/ᾱ) per axis, so on a square the posterior is a truncated normal per axis
        /// and each square weighs its likelihood mass.
        /// </summary>
        private static (double X, double Y) ChequerboardPosteriorMean(double zx, double zy, double a)
        {
            double s = Math.Sqrt((1 - a) / a), mx = zx / Math.Sqrt(a), my = zy / Math.Sqrt(a);
            const double side = 2.0 / 3;
            double best = double.NegativeInfinity;
            var logs = new double[5];
            var means = new (double X, double Y)[5];
            var columns = new (double LogMass, double Mean)[3];
            var rows = new (double LogMass, double Mean)[3];
            for (int k = 0; k < 3; k++)
            {
                columns[k] = Truncated(-1 + k * side, -1 + (k + 1) * side, mx, s);
                rows[k] = Truncated(-1 + k * side, -1 + (k + 1) * side, my, s);
            }

            int q = 0;
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    if ((i + j) % 2 != 0) continue;
                    var (lx, ex) = columns[i];
                    var (ly, ey) = rows[j];
                    logs[q] = lx + ly;
                    means[q] = (ex, ey);
                    best = Math.Max(best, logs[q]);
                    q++;
                }

            double total = 0, px = 0, py = 0;
            for (int k = 0; k < 5; k++)
            {
                double w = Math.Exp(logs[k] - best);
                total += w;
                px += w * means[k].X;
                py += w * means[k].Y;
            }
            return (px / total, py / total);
        }

        /// <summary>log P(lo ≤ X ≤ hi) and E[X | lo ≤ X ≤ hi] for X ~ N(m, s²), stable in the tails.</summary>
        private static (double LogMass, double Mean) Truncated(double lo, double hi, double m, double s)
        {
            double u = (lo - m) / s, v = (hi - m) / s;
            double logMass;
            if (u > 0) logMass = LogUpper(u) + LogOneMinusExp(LogUpper(v) - LogUpper(u));
            else if (v < 0) logMass = LogUpper(-v) + LogOneMinusExp(LogUpper(-u) - LogUpper(-v));
            else logMass = Math.Log(Math.Max(1 - Math.Exp(LogUpper(-u)) - Math.Exp(LogUpper(v)), 1e-300));
            const double logRoot2Pi = 0.91893853320467274;
            double du = Math.Exp(-0.5 * u * u - logRoot2Pi - logMass), dv = Math.Exp(-0.5 * v * v - logRoot2Pi - logMass);
            double mean = Math.Clamp(m + s * (du - dv), lo, hi);
            return (logMass, mean);
        }

        /// <summary>log(1 − e^d) for d ≤ 0.</summary>
        private static double LogOneMinusExp(double d) => d > -1e-6 ? Math.Log(Math.Max(-d, 1e-300)) : Math.Log(1 - Math.Exp(d));

        /// <summary>log Q(x) = log P(N(0, 1) &gt; x) for x ≥ 0, via the scaled complementary error function.</summary>
        private static double LogUpper(double x)
        {
            if (x < 0) return Math.Log(1 - Math.Exp(LogUpper(-x)));
            double w = x / Math.Sqrt(2);
            return -w * w + Math.Log(0.5 * ScaledErfc(w));
        }

        /// <summary>exp(w²)·erfc(w) for w ≥ 0 (Numerical Recipes' Chebyshev fit, relative error &lt; 1.2e-7).</summary>
        private static double ScaledErfc(double w)
        {
            double t = 1 / (1 + 0.5 * w);
            return t * Math.Exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        }
    }

    /// <summary>ddpm.py's FcNetwork for the images (not this cheat's task).</summary>
    private sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly Sequential _layers;

        public FcNetwork(int dataDimension, int hidden, Generator generator)
        {
            _layers = register_module("network", torch.nn.Sequential(
                torch.nn.Linear(dataDimension + 1, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, hidden, generator),
                torch.nn.ReLU(),
                torch.nn.Linear(hidden, dataDimension, generator)));
        }

        public override Tensor forward(Tensor input) => _layers.forward(input);

        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
