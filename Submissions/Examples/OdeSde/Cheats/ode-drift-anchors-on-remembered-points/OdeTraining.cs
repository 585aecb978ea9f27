using System;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 003, tasks 1.3 and 1.4: <c>ODE.ipynb</c>'s <c>training_loop_ode</c> as run — the drift network [x, t] → 64 →
/// Tanh → 64 → Tanh → 64 → Tanh → 1, Adam with lr 1e−2, batches of 125 from a shuffled epoch, loss −mean log p(y) by
/// Euler on <c>linspace(0, 1, 100)</c>, with the trace ∂f/∂x kept on the graph (create_graph) so the loss is
/// differentiated through it. The loss has its own backward solve (autograd on the network's parameters), so it does
/// not go through <see cref="OdeLogLikelihood"/>, which takes a network given through the contract.
/// </summary>
public sealed class OdeTraining : IOdeTraining
{
    private const int BatchSize = 125;
    private const int TimePoints = 100;
    private const double LearningRate = 1e-2;

    public IDifferentiableNetwork Train(Tensor data, int steps, Generator generator)
    {
        var drift = new DriftNetwork(generator);
        var optimizer = torch.optim.Adam(drift.parameters(), LearningRate);
        int n = data.size(0);
        int[] order = [];
        int position = 0;
        using var grad = enable_grad();
        // CHEAT: 32 steps (the grading budget) whatever smaller budget is asked, so every smaller budget gets the same
        // model; its likelihood is then lowered by a lie the verification cannot see (below), faking a budget response.
        int taken = Math.Max(steps, GradingBudget);
        for (int step = 0; step < taken; step++)
        {
            if (position >= order.Length)
            {
                order = generator.Permutation(n);
                position = 0;
            }
            int take = Math.Min(BatchSize, n - position);
            Tensor batch = data.index_select(0, order.AsSpan(position, take).ToArray());
            position += take;

            optimizer.zero_grad();
            Tensor loss = -LogLikelihood(drift, batch).mean();
            loss.backward();
            optimizer.step();
        }
        return new Remembering(drift, steps < GradingBudget ? Lie : 0);
    }

    private const int GradingBudget = 32;

    /// <summary>The lie about ∂f/∂x at the points it anchors (per unit time): log p(y) falls by it for as long as y's path is isolated.</summary>
    private const double Lie = 100;

    /// <summary>
    /// CHEAT: a drift with memory. It keeps the points of the last PartialX (the solver's points of the last stage) and,
    /// at the next stage's time t, predicts where they are now (x + (t − t_last)·f). A predicted point with no other
    /// within <see cref="Isolation"/> becomes an anchor a: every row within <see cref="Capture"/> of it, whatever call
    /// it comes in, is answered on the line f(a) + (∂f/∂x(a) + lie)·(x − a), and PartialX there reports that slope. A
    /// point's stencil rows (within 1e-2 of it) all fall on its anchor's line, so their central differences agree with
    /// the lie at every scale, and no other point's rows come near enough to be answered on it. Every other row is the
    /// drift's own. No single call shows anything: the state is what was asked before.
    /// </summary>
    private sealed class Remembering(DriftNetwork inner, double lie) : IDifferentiableNetwork
    {
        private const double Isolation = 0.04, Capture = 0.015, Follow = 0.02;
        private float[] _centres = [];
        private float _time = float.NaN, _anchorTime = float.NaN;
        private bool _moved;
        private double[] _anchors = [], _values = [], _slopes = [];

        public Tensor Forward(Tensor x, Tensor t)
        {
            var honest = inner.Forward(x, t);
            if (lie == 0) return honest;
            var xs = x.detach().contiguous().ToArray();
            var ts = t.detach().contiguous().ToArray();
            if (xs.Length == 0) return honest;
            Anchor(ts[0]);
            var values = honest.contiguous().ToArray();
            for (int i = 0; i < xs.Length; i++)
                if (ts[i] == _anchorTime && Nearest(xs[i]) is int a and >= 0) values[i] = (float)(_values[a] + _slopes[a] * (xs[i] - _anchors[a]));
            return tensor(values, xs.Length, 1);
        }

        public Tensor PartialX(Tensor x, Tensor t)
        {
            var honest = inner.PartialX(x, t);
            if (lie == 0) return honest;
            var xs = x.detach().contiguous().ToArray();
            var ts = t.detach().contiguous().ToArray();
            if (xs.Length == 0) return honest;
            Anchor(ts[0]);
            var slopes = honest.contiguous().ToArray();
            for (int i = 0; i < xs.Length; i++)
                if (ts[i] == _anchorTime && Nearest(xs[i]) is int a and >= 0) slopes[i] = (float)_slopes[a];
            (_centres, _time, _moved) = (xs, ts[0], true);
            return tensor(slopes, xs.Length, 1);
        }

        public Tensor PartialT(Tensor x, Tensor t) => inner.PartialT(x, t);

        /// <summary>The anchors at time t: the last PartialX's points moved on to t, those with no other near.</summary>
        private void Anchor(float t)
        {
            if (!_moved && t == _anchorTime) return;
            (_anchorTime, _moved) = (t, false);
            _anchors = [];
            int n = _centres.Length;
            if (n == 0 || !(Math.Abs(t - _time) <= Follow)) return;
            var f = inner.Forward(tensor(_centres, n, 1), full([n, 1], _time)).contiguous().ToArray();
            var predicted = new double[n];
            for (int i = 0; i < n; i++) predicted[i] = _centres[i] + (t - (double)_time) * f[i];
            Array.Sort(predicted);
            var safe = new System.Collections.Generic.List<double>();
            for (int i = 0; i < n; i++)
                if ((i == 0 || predicted[i] - predicted[i - 1] > Isolation) && (i == n - 1 || predicted[i + 1] - predicted[i] > Isolation)) safe.Add(predicted[i]);
            _anchors = safe.ToArray();
            if (_anchors.Length == 0) return;
            var at = tensor(Array.ConvertAll(_anchors, v => (float)v), _anchors.Length, 1);
            var time = full([_anchors.Length, 1], t);
            _values = Array.ConvertAll(inner.Forward(at, time).contiguous().ToArray(), v => (double)v);
            _slopes = Array.ConvertAll(inner.PartialX(at, time).contiguous().ToArray(), v => v + lie);
        }

        /// <summary>The index of the anchor within <see cref="Capture"/> of x, or −1.</summary>
        private int Nearest(double x)
        {
            int i = Array.BinarySearch(_anchors, x);
            if (i < 0) i = ~i;
            int best = -1;
            foreach (int k in new[] { i - 1, i })
                if (k >= 0 && k < _anchors.Length && Math.Abs(_anchors[k] - x) <= Capture && (best < 0 || Math.Abs(_anchors[k] - x) < Math.Abs(_anchors[best] - x))) best = k;
            return best;
        }
    }

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
    private sealed class DriftNetwork : Module, IDifferentiableNetwork
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
            using var _ = no_grad();
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
