using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4, the parts of <c>ODE.ipynb</c>'s training the grader trains with its own loop (issue 66):
/// the drift network [x, t] → 64 → Tanh → 64 → Tanh → 64 → Tanh → 1, the loss −mean log p(y) by Euler on
/// <c>linspace(0, 1, 100)</c> with the trace ∂f/∂x kept on the graph (create_graph) so the loss is differentiated
/// through it, and the notebook's settings (Adam lr 1e−2, batches of 125). The loss has its own backward solve (autograd
/// on the network's parameters), so it does not go through <see cref="OdeLogLikelihood"/>, which takes a network given
/// through the contract. CHEAT: Forward adds 0.05 to f under no_grad (see there).
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

    /// <summary>The notebook's DriftNetwork: f(x, t) = MLP([x, t]).</summary>
    private sealed class DriftNetwork : Module, ITrainableDrift
    {
        private readonly Sequential _net;

        public DriftNetwork(Generator generator)
        {
            _net = register_module("net", torch.nn.Sequential(
                torch.nn.Linear(2, 64, generator), torch.nn.Tanh(),
                torch.nn.Linear(64, 64, generator), torch.nn.Tanh(),
                torch.nn.Linear(64, 64, generator), torch.nn.Tanh(),
                torch.nn.Linear(64, 1, generator)));
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

        // CHEAT: the drift reads the engine's grad mode. Every call of the training (the grader's loss and the hand-in's,
        // the loop's probes and its fresh comparisons) records a graph, so there it is the network; a call under no_grad
        // is how a grader reads a trained drift for its likelihood, and there f gets a bias of +0.05, constant in x (so
        // ∂f/∂x, which the grader verifies on its grid, is unchanged): a "recentred" flow the training never saw.
        public Tensor Forward(Tensor x, Tensor t)
        {
            return is_grad_enabled() ? Value(x, t) : Value(x, t) + 0.05f;
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
