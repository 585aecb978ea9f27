using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a), a legitimate network the sheet allows (Legit/README.md): the notebook's own network and
/// settings (seed-origins §1): the raw timestep t (t/T times T) embedded by the fixed 128-d sinusoidal embedding, x by
/// a Linear 2 → 128, then [temb, x_emb] (256 inputs) through torchvision's MLP [128, 64, 32, 16, 2] with ELU; Adam
/// 1e−3 and a batch of 128. The loss is the Correct example's.
/// </summary>
public sealed class DiffusionTrainingParts : IDiffusionTrainingParts
{
    public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new NotebookNetwork(dataDimension, T, generator);

    public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
    {
        int n = t.Length;
        double[] alphaBar = AlphaBar(schedule.Betas);
        var sqrtAlphaBar = new double[n];
        var sqrtOneMinusAlphaBar = new double[n];
        var timeInput = new float[n];
        for (int i = 0; i < n; i++)
        {
            sqrtAlphaBar[i] = Math.Sqrt(alphaBar[t[i]]);
            sqrtOneMinusAlphaBar[i] = Math.Sqrt(1.0 - alphaBar[t[i]]);
            timeInput[i] = (float)((double)t[i] / schedule.T);
        }

        Tensor zt = tensor(sqrtAlphaBar, n, 1) * x0 + tensor(sqrtOneMinusAlphaBar, n, 1) * epsilon;
        return torch.nn.functional.mse_loss(network.Forward(zt, tensor(timeInput, n, 1)), epsilon);
    }

    public TrainingSettings Settings() => new(1e-3, 128);

    /// <summary>
    /// The notebook's loop over these parts, to run and plot at home (the grader runs its own, the same way): per step
    /// t ~ U{0..T−1}, ε ~ N(0, I) and a batch of rows, then the loss, backward and Adam's step. Returns the losses.
    /// </summary>
    public static List<double> TrainAtHome(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        var parts = new DiffusionTrainingParts();
        var settings = parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var network = parts.Model(d, schedule.T, generator);
        var optimizer = torch.optim.Adam(network.Parameters(), settings.LearningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var t = new int[batch];
            for (int i = 0; i < batch; i++) t[i] = (int)generator.NextInt(0, schedule.T);
            Tensor epsilon = randn([batch, d], generator);
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = parts.Loss(network, schedule, data.index_select(0, rows), t, epsilon);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return losses;
    }

    private static double[] AlphaBar(IReadOnlyList<double> betas)
    {
        var alphaBar = new double[betas.Count];
        double product = 1.0;
        for (int t = 0; t < betas.Count; t++)
        {
            product *= 1.0 - betas[t];
            alphaBar[t] = product;
        }
        return alphaBar;
    }

    /// <summary>The notebook's model: MLP([SinusoidalEmbedding₁₂₈(t), Linear(x)]) with hidden channels [128, 64, 32, 16] and ELU.</summary>
    private sealed class NotebookNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
    {
        private const int Embedding = 128;
        private readonly int _steps;
        private readonly SinusoidalEmbedding _time;
        private readonly Linear _x;
        private readonly Sequential _mlp;

        public NotebookNetwork(int dataDimension, int steps, Generator generator)
        {
            _steps = steps;
            _time = torch.nn.SinusoidalEmbedding(Embedding);
            _x = register_module("x_embedding", torch.nn.Linear(dataDimension, Embedding, generator));
            _mlp = register_module("mlp", torch.nn.Sequential(
                torch.nn.Linear(2 * Embedding, 128, generator), torch.nn.ELU(),
                torch.nn.Linear(128, 64, generator), torch.nn.ELU(),
                torch.nn.Linear(64, 32, generator), torch.nn.ELU(),
                torch.nn.Linear(32, 16, generator), torch.nn.ELU(),
                torch.nn.Linear(16, dataDimension, generator)));
        }

        /// <param name="input">[temb, x_emb], [N, 256].</param>
        public override Tensor forward(Tensor input) => _mlp.forward(input);

        /// <param name="zt">[N, d].</param>
        /// <param name="t">t/T, [N, 1] or [N]: the notebook embeds the raw step, so it is multiplied back by T.</param>
        public Tensor Forward(Tensor zt, Tensor t) => forward(cat([_time.forward(t.reshape(zt.size(0)) * (float)_steps), _x.forward(zt)], 1));

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
    }
}
