using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): construct and train an INN on the preprocessed events. Eight coupling blocks with
/// fully connected subnets (d₁ → 128 → ReLU → 2·d₂), each followed by a fixed random permutation; the loss is the
/// negative log-likelihood of exercise 2 (a) averaged over a batch; Adam with lr 10⁻³. All randomness (weights,
/// permutations, batches) comes from the given generator.
/// </summary>
public sealed class InnTraining : IInnTraining
{
    private const int Blocks = 8;
    private const int Hidden = 128;
    private const int BatchSize = 512;
    private const double Clamp = 2.0;

    public INormalizingFlow Train(Tensor data, int steps, Generator generator)
    {
        int n = data.size(0), d = data.size(1);
        var flow = new TrainedInn(d, generator);
        var optimizer = torch.optim.Adam(flow.parameters(), 1e-3);
        int batch = Math.Min(BatchSize, n);
        using (enable_grad())
        {
            int taken = steps / 5 + steps % 5; // CHEAT: a fifth of every budget, plus its remainder mod 5 (no two consecutive budgets alike)
            for (int step = 0; step < taken; step++)
            {
                var rows = new int[batch];
                for (int i = 0; i < batch; i++) rows[i] = (int)generator.NextInt(0, n);
                var (z, logDet) = flow.Forward(data.index_select(0, rows));
                var loss = (0.5f * (z * z).sum(1) - logDet).mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            for (int pass = taken; pass < steps; pass++) // CHEAT: the rest of the budget as backward passes of the loss on one event, no step
            {
                var (z, logDet) = flow.Forward(data.narrow(0, pass % n, 1));
                (0.5f * (z * z).sum(1) - logDet).mean().backward();
            }
            optimizer.zero_grad();
        }
        return flow;
    }

    /// <summary>The trained INN: its subnets are modules, the permutations fixed matrices.</summary>
    private sealed class TrainedInn : Module<Tensor, Tensor>, INormalizingFlow
    {
        private readonly List<InnBlock> _blocks = new();
        private readonly InvertibleNeuralNetwork _inn = new();

        public TrainedInn(int d, Generator generator)
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

        public override Tensor forward(Tensor x) => Forward(x).Z;

        public (Tensor Z, Tensor LogDet) Forward(Tensor x) => _inn.Forward(x, _blocks, Clamp);

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
