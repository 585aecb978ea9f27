using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, task 1.4, a legitimate hand-in of the training parts (Legit/README.md): a narrower, deeper SiLU drift, [x, t] → 32 → SiLU → 32 → SiLU → 32 → SiLU → 32 → SiLU → 1, and the notebook's settings (Adam 1e−2, batches of 125). Everything else is the
/// Correct example's: the loss −mean log p(y) by Euler on <c>linspace(0, 1, 100)</c> with the trace ∂f/∂x kept on the
/// graph (create_graph), and its own backward solve on the drift's parameters.
/// </summary>
public sealed class OdeTrainingParts : IOdeTrainingParts
{
    private const int TimePoints = 100;

    public ITrainableDrift Model(Generator generator) => new DriftNetwork(generator);

    public Tensor Loss(ITrainableDrift drift, Tensor y) => -LogLikelihood((DriftNetwork)drift, y).mean();

    public TrainingSettings Settings() => new(1e-2, 125);

    /// <summary>log p(y) by Euler backwards from t = 1, [N, 1], on the graph of the drift's parameters.</summary>
    private static Tensor LogLikelihood(DriftNetwork drift, Tensor y)
    {
        double dt = 1.0 / (TimePoints - 1);
        Tensor x = y;
        Tensor trace = zeros_like(y);
        for (int k = TimePoints - 1; k >= 1; k--)
        {
            Tensor t = full([y.size(0), 1], (float)((double)k / (TimePoints - 1)));
            var (f, dfdx) = drift.WithPartialX(x, t, createGraph: true);
            x = x - f * (float)dt;
            trace = trace - dfdx * (float)dt;
        }
        // trace = −∫₀¹ ∂f/∂x dt after the backward steps; log p(y) = log N(x₀) + trace.
        return x * x * -0.5f - (float)(0.5 * Math.Log(2 * Math.PI)) + trace;
    }

    /// <summary>A narrower, deeper SiLU drift: f(x, t) = MLP([x, t]), four hidden layers of 32.</summary>
    private sealed class DriftNetwork : Module, ITrainableDrift
    {
        private readonly Sequential _net;

        public DriftNetwork(Generator generator)
        {
            _net = register_module("net", torch.nn.Sequential(
                torch.nn.Linear(2, 32, generator), torch.nn.SiLU(),
                torch.nn.Linear(32, 32, generator), torch.nn.SiLU(),
                torch.nn.Linear(32, 32, generator), torch.nn.SiLU(),
                torch.nn.Linear(32, 32, generator), torch.nn.SiLU(),
                torch.nn.Linear(32, 1, generator)));
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public Tensor Value(Tensor x, Tensor t) => _net.forward(cat([x, t], 1));

        /// <summary>f and ∂f/∂x by autograd (rows do not mix, so ones as grad_outputs give each row's derivative).</summary>
        public (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t, bool createGraph)
        {
            Tensor input = x.detach().requires_grad_();
            if (createGraph) input = x.requires_grad ? x : input;
            Tensor f = Value(input, t);
            Tensor dfdx = torch.autograd.grad([f], [input], [ones_like(f)], create_graph: createGraph)[0]!;
            return (f, dfdx);
        }

        public Tensor Forward(Tensor x, Tensor t)
        {
            return Value(x, t);
        }

        public Tensor PartialX(Tensor x, Tensor t)
        {
            using var _ = enable_grad();
            return WithPartialX(x.detach(), t.detach(), createGraph: false).PartialX.detach();
        }

        public Tensor PartialT(Tensor x, Tensor t)
        {
            using var _ = enable_grad();
            Tensor time = t.detach().requires_grad_();
            Tensor f = Value(x.detach(), time);
            return torch.autograd.grad([f], [time], [ones_like(f)])[0]!.detach();
        }
    }
}
