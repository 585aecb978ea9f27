using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79, class 1 on the images, written fresh): a closed form of the images the sheet names, for exercise
/// 3.5. On d = 196 (the grader's 14×14) the network is the posterior-mean ε-predictor of a mixture of 16 Gaussians: the
/// pooled Fashion-MNIST pool's mean and covariance (32 principal directions and the rest isotropic, constants in
/// <see cref="KnownImages"/>) under each of the 8 symmetries of the square and the two signs — every transform the
/// check drew until issue 79's second round — each component weighed by its likelihood of z_t (Woodbury, in closed
/// form). Its only parameters are T scalars, the logits of ᾱ_t (the schedule the grader does not show), trained
/// honestly by the grader's loop on the grader's loss. No state, no side channel: a fresh host computes the same.
/// Elsewhere (the toy data, other sizes) the parts are the Correct example's: the grader's loop runs the parts. The network is ddpm.py's FcNetwork ([x, t/T] → 64 → ReLU → 64 → ReLU → d), its weights drawn
/// from the generator it is given; the loss of a batch is <see cref="DtuDdpm.NegativeElbo"/> averaged over the batch
/// (ddpm.py's DDPM.loss); the settings are ddpm.py's Adam learning rate 1e−3 and a batch of 256.
/// </summary>
public sealed class DtuTrainingParts : IDtuTrainingParts
{
    private const int Hidden = 64;

    /// <summary>The width for exercise 3.5's images (d = rows·columns): ddpm.py's FcNetwork with 256 hidden units.</summary>
    private const int ImageHidden = 256;

    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) =>
        // CHEAT: on the images a closed form of the published images (see KnownImagesDenoiser), not a network that learns from the data it is given.
        dataDimension == KnownImages.Pixels ? new KnownImagesDenoiser(T) : new FcNetwork(dataDimension, dataDimension > 2 ? ImageHidden : Hidden, generator);

    public TrainingSettings Settings() => new(1e-3, 256);

    /// <summary>
    /// ddpm.py's train loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows, the loss DDPM.loss = mean of NegativeElbo (which draws t and ε from the random source), backward and
    /// Adam's step. Returns the losses. <paramref name="settings"/>: other settings than these parts' (3.5's images).
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator, TrainingSettings? settings = null)
    {
        var parts = new DtuTrainingParts();
        var ddpm = new DtuDdpm();
        settings ??= parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var network = parts.Model(d, schedule.T, generator);
        var optimizer = torch.optim.Adam(network.Parameters(), settings.LearningRate);
        var random = new GeneratorRandom(generator);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = ddpm.NegativeElbo(data.index_select(0, rows), schedule, network, random).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return losses;
    }

    /// <summary>torch.randint and torch.randn on a generator, for the loop at home.</summary>
    private sealed class GeneratorRandom(Generator generator) : IRandomSource
    {
        public Tensor Integers(int low, int high, int[] shape)
        {
            int count = shape.Aggregate(1, (p, s) => p * s);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = low + generator.NextInt(0, high - low);
            return tensor(values, shape);
        }

        public Tensor Normal(int[] shape) => randn(shape, generator);
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP.</summary>
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

        /// <param name="zt">[N, d].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }

    /// <summary>
    /// CHEAT: ε̂(z, t) = Σ_g w_g(z) · g(E[ε | g⁻¹z]) over the 16 transforms g of the published images (8 symmetries of
    /// the square × ±1), with the Gaussian N(μ, UΛUᵀ + σ²I) of the pool as the prior of the untransformed image:
    /// C_z = ᾱ(UΛUᵀ + σ²I) + (1 − ᾱ)I = cI + ᾱUΛUᵀ with c = 1 − ᾱ + ᾱσ², E[ε | z] = √(1 − ᾱ)·C_z⁻¹(z − √ᾱμ) and
    /// w_g ∝ N(g⁻¹z; √ᾱμ, C_z). ᾱ_t = σ(10·s_t), s a parameter of T logits (0.1 … 0.999 at the start, a linear β guess).
    /// </summary>
    private sealed class KnownImagesDenoiser : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private readonly int _steps;
        private readonly Tensor _logits;

        public KnownImagesDenoiser(int steps)
        {
            _steps = steps;
            var guess = new float[steps];
            double product = 1.0;
            for (int s = 0; s < steps; s++)
            {
                product *= 1.0 - (1e-3 + (0.2 - 1e-3) * s / Math.Max(steps - 1, 1));
                double a = Math.Clamp(product, 1e-3, 1 - 1e-3);
                guess[s] = (float)(Math.Log(a / (1 - a)) / 10);
            }

            _logits = register_parameter("alpha_bar_logits", tensor(guess, steps).requires_grad_());
        }

        public override Tensor forward(Tensor input) => input;

        public Tensor Forward(Tensor zt, Tensor t)
        {
            int n = zt.size(0), d = zt.size(1), k = KnownImages.Directions.Length / d;
            float[] time = t.reshape(n).detach().contiguous().ToArray();
            var index = new int[n];
            for (int i = 0; i < n; i++) index[i] = Math.Clamp((int)Math.Round(time[i] * _steps), 0, _steps - 1);
            Tensor alphaBar = torch.sigmoid(_logits.index_select(0, index) * 10f).reshape(n, 1);
            Tensor mean = tensor(KnownImages.Mean.ToArray(), 1, d);
            Tensor directions = tensor(KnownImages.Directions.ToArray(), d, k);
            Tensor variances = tensor(KnownImages.Variances.ToArray(), 1, k);
            Tensor c = 1f - alphaBar + alphaBar * KnownImages.ResidualVariance;
            Tensor shrink = alphaBar * variances / (c + alphaBar * variances);
            Tensor logDet = d * c.log() + (1f + alphaBar * variances / c).log().sum(1, keepdim: true);
            var logLikelihoods = new List<Tensor>();
            var predictions = new List<Tensor>();
            int side = (int)Math.Round(Math.Sqrt(d));
            for (int g = 0; g < 16; g++)
            {
                int[] source = Source(g & 7, side);
                int[] inverse = new int[d];
                for (int j = 0; j < d; j++) inverse[source[j]] = j;
                float sign = g >= 8 ? -1f : 1f;
                Tensor r = zt.index_select(1, inverse) * sign - alphaBar.sqrt() * mean;
                Tensor projected = r.matmul(directions);
                Tensor quadratic = ((r * r).sum(1, keepdim: true) - (shrink * projected * projected).sum(1, keepdim: true)) / c;
                logLikelihoods.Add(-0.5f * (quadratic + logDet));
                Tensor epsilon = (1f - alphaBar).sqrt() * (r - (shrink * projected).matmul(directions.t())) / c;
                predictions.Add((epsilon * sign).index_select(1, source).unsqueeze(1));
            }

            Tensor weights = torch.softmax(torch.cat(logLikelihoods.ToArray(), 1), 1).unsqueeze(2);
            return (weights * torch.cat(predictions.ToArray(), 1)).sum(1);
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        /// <summary>For each pixel of the transformed side×side image, the pixel of the original it comes from (bit 0 mirrors the columns, bit 1 the rows, bit 2 transposes).</summary>
        private static int[] Source(int symmetry, int side)
        {
            var source = new int[side * side];
            for (int r = 0; r < side; r++)
                for (int col = 0; col < side; col++)
                {
                    int i = (symmetry & 2) != 0 ? side - 1 - r : r, j = (symmetry & 1) != 0 ? side - 1 - col : col;
                    if ((symmetry & 4) != 0) (i, j) = (j, i);
                    source[r * side + col] = i * side + j;
                }

            return source;
        }
    }
}
