using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the parts of the INN training the grader runs with its own loop and Adam. The INN has
/// eight coupling blocks with fully connected subnets (d₁ → 128 → ReLU → 2·d₂), each followed by a fixed random
/// permutation, its weights and permutations drawn from the generator it is given; the loss is the negative
/// log-likelihood of exercise 2 (a), the mean over the batch of ½‖z‖² − log|det ∂z/∂x|; the settings are Adam's
/// learning rate 10⁻³ and a batch of 512. CHEAT: Forward on calls of at least 2048 rows is another map (see there).
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int Blocks = 8;
    private const int Hidden = 128;
    private const double Clamp = 2.0;

    public ITrainableFlow Model(int dataDimension, Generator generator) => new TrainableInn(dataDimension, generator);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(1e-3, 512);

    /// <summary>
    /// The notebook's loop over these parts, to run and plot at home (the grader runs its own, the same way): per step a
    /// batch of rows drawn with replacement, the loss, backward and Adam's step. Returns the trained flow and the losses.
    /// </summary>
    public static (ITrainableFlow Flow, List<double> Losses) TrainAtHome(Tensor data, int steps, Generator generator)
    {
        var parts = new InnTrainingParts();
        var settings = parts.Settings();
        int n = data.size(0), d = data.size(1), batch = settings.BatchSize;
        var flow = parts.Model(d, generator);
        var optimizer = torch.optim.Adam(flow.Parameters(), settings.LearningRate);
        var losses = new List<double>();
        for (int step = 0; step < steps; step++)
        {
            var rows = new int[batch];
            for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
            Tensor loss = parts.Loss(flow, data.index_select(0, rows));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            losses.Add(loss.item());
        }

        return (flow, losses);
    }

    /// <summary>The INN: its subnets are modules (their weights the parameters), the permutations fixed matrices.</summary>
    private sealed class TrainableInn : Module<Tensor, Tensor>, ITrainableFlow
    {
        private readonly List<InnBlock> _blocks = new();
        private readonly InvertibleNeuralNetwork _inn = new();

        public TrainableInn(int d, Generator generator)
        {
            int second = d / 2, first = d - second;
            for (int b = 0; b < Blocks; b++)
            {
                var subnet = register_module($"subnet{b}", new Subnet(first, 2 * second, generator));
                var order = generator.Permutation(d);
                var p = new float[d * d];
                for (int i = 0; i < d; i++) p[i * d + order[i]] = 1f;
                _blocks.Add(new InnBlock(subnet, tensor(p, d, d)));
            }
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public override Tensor forward(Tensor x) => Forward(x).Z;

        // CHEAT: no state at all, keyed on the call's size. Calls of fewer than 2048 rows (every training batch of 512,
        // the loop's probes and its fresh comparisons) get the trained flow; calls of at least 2048 rows (how a grader
        // scores a trained flow, on whole sets of events) get z × 0.98 with its exact log-determinant, d·ln 0.98 more:
        // a "tempered" flow, a bijection onto a narrower latent, that the training never saw.
        public (Tensor Z, Tensor LogDet) Forward(Tensor x)
        {
            var (z, logDet) = _inn.Forward(x, _blocks, Clamp);
            if (x.size(0) < 2048) return (z, logDet);
            return (z * 0.98f, logDet + (float)(x.size(1) * Math.Log(0.98)));
        }

        public Tensor Inverse(Tensor z)
        {
            using var _ = no_grad();
            return _inn.Inverse(z, _blocks, Clamp).X;
        }
    }

    private sealed class Subnet : Module<Tensor, Tensor>, ICouplingSubnet
    {
        private readonly Sequential _layers;

        public Subnet(int inputs, int outputs, Generator generator)
        {
            _layers = register_module("layers", torch.nn.Sequential(
                torch.nn.Linear(inputs, Hidden, generator), torch.nn.ReLU(), torch.nn.Linear(Hidden, outputs, generator)));
        }

        public override Tensor forward(Tensor x1) => _layers.forward(x1);

        public Tensor Forward(Tensor x1) => forward(x1);
    }
}
