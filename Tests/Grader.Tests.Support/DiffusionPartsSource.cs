namespace Grader.Tests.Support;

/// <summary>
/// A hand-in of diffusion training parts (<c>IDiffusionTrainingParts</c>) written as a student would: the Correct
/// example's FcNetwork (64 hidden units, three Linear layers) and Algorithm 1's loss with ᾱ in double. One file,
/// <c>DiffusionParts.cs</c>, in namespace <c>Submission</c>; the tests compile it in process and load it in a host.
/// </summary>
public static class DiffusionPartsSource
{
    public const string Text = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;
        using static Grader.Tensors.torch;

        namespace Submission;

        public sealed class DiffusionParts : IDiffusionTrainingParts
        {
            public ITrainableEpsilonNetwork Model(int dataDimension, int T, Generator generator) => new FcNetwork(dataDimension, generator);

            public Tensor Loss(ITrainableEpsilonNetwork network, NoiseSchedule schedule, Tensor x0, int[] t, Tensor epsilon)
            {
                double product = 1.0;
                var alphaBar = new double[schedule.T];
                for (int s = 0; s < schedule.T; s++) { product *= 1.0 - schedule.Betas[s]; alphaBar[s] = product; }
                int n = t.Length;
                var a = new double[n];
                var b = new double[n];
                var tau = new float[n];
                for (int i = 0; i < n; i++) { a[i] = Math.Sqrt(alphaBar[t[i]]); b[i] = Math.Sqrt(1.0 - alphaBar[t[i]]); tau[i] = (float)((double)t[i] / schedule.T); }
                Tensor zt = tensor(a, n, 1) * x0 + tensor(b, n, 1) * epsilon;
                return torch.nn.functional.mse_loss(network.Forward(zt, tensor(tau, n, 1)), epsilon);
            }

            public TrainingSettings Settings() => new(1e-3, 128);
        }

        public sealed class FcNetwork : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
        {
            private readonly Sequential _layers;

            public FcNetwork(int d, Generator generator)
            {
                _layers = register_module("network", torch.nn.Sequential(
                    torch.nn.Linear(d + 1, 64, generator), torch.nn.ReLU(),
                    torch.nn.Linear(64, 64, generator), torch.nn.ReLU(),
                    torch.nn.Linear(64, d, generator)));
            }

            public override Tensor forward(Tensor input) => _layers.forward(input);

            public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t.reshape(zt.size(0), 1)], 1));

            public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
        }
        """;
}
