using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the parts of the INN training the grader runs with its own loop and Adam. The sheet's own design (seed-origins §2: FrEIA SequenceINN of 8 AllInOneBlocks with soft permutations, subnets Linear → ReLU → Linear, Adam 1e-3): eight affine coupling blocks, each followed by a random orthogonal mixing matrix, subnets d₁ → 256 → ReLU → 2·d₂ (the notebook's 512 halved, so that the grader's 500 steps cost about twice the Correct example's, not four times), batch 512 (the notebook's 1024 halved for the same reason).
/// The loss is the negative log-likelihood of exercise 2 (a), the mean over the batch of ½‖z‖² − log|det ∂z/∂x|.
/// </summary>
public sealed class InnTrainingParts : IInnTrainingParts
{
    private const int Blocks = 8;
    private const int Hidden = 256;
    private const double Clamp = 2.0;

    public ITrainableFlow Model(int dataDimension, Generator generator) => new TrainableInn(dataDimension, generator);

    public Tensor Loss(ITrainableFlow flow, Tensor x)
    {
        var (z, logDet) = flow.Forward(x);
        return (0.5f * (z * z).sum(1) - logDet).mean();
    }

    public TrainingSettings Settings() => new(1e-3, 512);

    /// <summary>The INN: its subnets are modules (their weights the parameters), the mixing matrices fixed.</summary>
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
                _blocks.Add(new InnBlock(subnet, tensor(Mixing(d, generator), d, d)));
            }
        }

        /// <summary>
        /// FrEIA's soft permutation (permute_soft=True): a random orthogonal matrix, here Gram–Schmidt on a matrix of
        /// standard normals (in double, rounded once), so that the inverse is its transpose and |det| = 1.
        /// </summary>
        private static float[] Mixing(int d, Generator generator)
        {
            var q = new double[d * d];
            for (int i = 0; i < d * d; i++) q[i] = generator.NextNormal();
            for (int i = 0; i < d; i++)
            {
                for (int k = 0; k < i; k++)
                {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += q[i * d + j] * q[k * d + j];
                    for (int j = 0; j < d; j++) q[i * d + j] -= dot * q[k * d + j];
                }
                double norm = 0;
                for (int j = 0; j < d; j++) norm += q[i * d + j] * q[i * d + j];
                norm = Math.Sqrt(norm);
                for (int j = 0; j < d; j++) q[i * d + j] /= norm;
            }
            return q.Select(v => (float)v).ToArray();
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

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
                torch.nn.Linear(inputs, Hidden, generator), torch.nn.ReLU(),
                torch.nn.Linear(Hidden, outputs, generator)));
        }

        public override Tensor forward(Tensor x1) => _layers.forward(x1);

        public Tensor Forward(Tensor x1) => forward(x1);
    }
}
