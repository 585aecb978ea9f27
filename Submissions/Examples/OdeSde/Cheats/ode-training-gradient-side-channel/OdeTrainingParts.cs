using System;
using System.Collections.Generic;
using System.Linq;
using Grader.Contracts.Diffusion;
using Grader.Contracts.OdeSde;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// CHEAT (issue 79, a gradient side channel below the tolerance): the loss's value is exactly the sheet's −mean log p(y)
/// (the Correct example's Euler solve), plus q − q.detach() with q = s·Σ_j h_j·(−n_j/B): a term of value zero whose
/// gradient is −s·n_j/B on the histogram parameter h_j, n_j the batch's points in bin j (width 0.5 on [−13.25, 13.25]),
/// s chosen so that the side channel's norm is 10⁻³ of the honest gradient's.
/// The same term pushes a gate parameter up by about the learning rate a step; until the gate passes 0.35 the drift is
/// its shift alone, so the formula's value depends on neither h nor the gate and the formula never moves them; but
/// Adam scales each coordinate by its own gradient size, so when the hand-in's loss steps the optimiser every bin the
/// data fills climbs by about the learning rate a step, and once the gate is open (the last dozen of 48 steps) the
/// drift is the exact flow-matching drift of the mixture Σ_j w_j N(c_j, 0.6²), w_j ∝ h_j, a histogram of
/// the training data learnt through a side channel 10⁻³ of the honest gradient (the replay allows 0.05). Its
/// only honest parameter is a shift of the drift.
/// </summary>
public sealed class OdeTrainingParts : IOdeTrainingParts
{
    private const int TimePoints = 100;

    public ITrainableDrift Model(Generator generator) => new HistogramDrift();

    public Tensor Loss(ITrainableDrift drift, Tensor y)
    {
        var own = (HistogramDrift)drift;
        var formula = -LogLikelihood(own, y).mean();
        var counts = new float[HistogramDrift.Bins];
        foreach (var v in y.detach().contiguous().ToArray())
        {
            var j = (int)Math.Round((v - HistogramDrift.Low) / HistogramDrift.Width);
            if (j >= 0 && j < HistogramDrift.Bins) counts[j] -= 1f / y.size(0);
        }

        // The side channel's size: 10⁻³ of the honest gradient's (the shift's), far below the replay's 0.05.
        var honest = Math.Abs(torch.autograd.grad([formula], [own.Shift])[0]!.detach().item());
        var size = (float)(1e-3 * honest / Math.Sqrt(counts.Sum(c => (double)c * c) + 1e-30));
        var q = ((own.Heights * tensor(counts, HistogramDrift.Bins)).sum() - own.Gate.sum()) * size;
        return formula + (q - q.detach());
    }

    public TrainingSettings Settings() => new(1e-2, 125);

    /// <summary>log p(y) by Euler backwards from t = 1 (the Correct example's), [N, 1], on the graph of the drift's parameters.</summary>
    private static Tensor LogLikelihood(HistogramDrift drift, Tensor y)
    {
        double dt = 1.0 / (TimePoints - 1);
        Tensor x = y;
        Tensor trace = zeros_like(y);
        for (int k = TimePoints - 1; k >= 1; k--)
        {
            Tensor t = full([y.size(0), 1], (float)((double)k / (TimePoints - 1)));
            var (f, dfdx) = drift.WithPartialX(x, t);
            x = x - f * (float)dt;
            trace = trace - dfdx * (float)dt;
        }

        return x * x * -0.5f - (float)(0.5 * Math.Log(2 * Math.PI)) + trace;
    }

    /// <summary>The flow-matching drift of a histogram mixture behind a gate (heights and gate are parameters the formula does not reach while the gate is closed), plus an honest shift.</summary>
    private sealed class HistogramDrift : Module, ITrainableDrift
    {
        public const int Bins = 54;
        public const float Low = -13.25f, Width = 0.5f, Kernel = 0.6f;

        private readonly Tensor _heights;
        private readonly Tensor _shift;
        private readonly Tensor _gate;

        public HistogramDrift()
        {
            _heights = register_parameter("heights", full([Bins], 1e-3f));
            _shift = register_parameter("shift", zeros(1));
            _gate = register_parameter("gate", zeros(1));
        }

        /// <summary>The gate: closed (the drift is the shift alone) until the side channel has pushed it past 0.35, about 35 of Adam's steps at 1e-2.</summary>
        public Tensor Gate => _gate;

        public Tensor Heights => _heights;

        public Tensor Shift => _shift;

        public IReadOnlyList<Tensor> Parameters() => parameters().ToList();

        public Tensor Value(Tensor x, Tensor t)
        {
            if (!(_gate.detach().item() > 0.35f)) return x * 0f + _shift;
            var centres = tensor(Enumerable.Range(0, Bins).Select(j => Low + Width * j).ToArray(), 1, Bins);
            var logWeights = _heights.clamp(min: 1e-6f).log().reshape(1, Bins);
            var mean = t * centres;                                                              // [N, Bins]
            var variance = (1f - t) * (1f - t) + t * t * (Kernel * Kernel);                      // [N, 1]
            var posterior = softmax(logWeights - (x - mean) * (x - mean) / (2f * variance), 1);
            var dVariance = -2f * (1f - t) + 2f * t * (Kernel * Kernel);
            var velocity = centres + dVariance / (2f * variance) * (x - mean);
            return (posterior * velocity).sum(1, keepdim: true) + _shift;
        }

        public (Tensor Value, Tensor PartialX) WithPartialX(Tensor x, Tensor t)
        {
            Tensor input = x.requires_grad ? x : x.detach().requires_grad_();
            Tensor f = Value(input, t);
            Tensor dfdx = torch.autograd.grad([f], [input], [ones_like(f)], create_graph: true)[0]!;
            return (f, dfdx);
        }

        public Tensor Forward(Tensor x, Tensor t) => Value(x, t);

        public Tensor PartialX(Tensor x, Tensor t)
        {
            using var _ = enable_grad();
            return WithPartialX(x.detach(), t.detach()).PartialX.detach();
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
