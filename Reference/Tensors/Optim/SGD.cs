#pragma warning disable IDE1006, CS8981
using System.Numerics;

namespace Grader.Tensors;

/// <summary>
/// Stochastic gradient descent with optional momentum, PyTorch's rule (torch/optim/sgd.py, single-tensor path):
/// g ← ∇ + λ·p; with momentum μ: b ← g on the first step, else b ← μ·b + (1 − dampening)·g; then g ← g + μ·b
/// (Nesterov) or g ← b; finally p ← p − lr·g. All arithmetic in float32, element by element in one fused pass.
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly float[]?[] _momentumBuffers;

    public double momentum { get; }
    public double dampening { get; }
    public double weight_decay { get; }
    public bool nesterov { get; }

    internal SGD(IEnumerable<Tensor> parameters, double lr, double momentum, double dampening, double weightDecay, bool nesterov)
        : base(parameters, lr, "SGD")
    {
        CheckNonNegative(momentum, "momentum", "SGD");
        CheckNonNegative(weightDecay, "weight_decay", "SGD");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening");
        this.momentum = momentum; this.dampening = dampening; weight_decay = weightDecay; this.nesterov = nesterov;
        _momentumBuffers = new float[]?[this.parameters.Count];
    }

    public override void step()
    {
        float lrF = (float)lr, wd = (float)weight_decay, mu = (float)momentum, damp = 1f - (float)dampening;
        for (int i = 0; i < _momentumBuffers.Length; i++)
        {
            var g = Gradient(i, out bool present);
            if (!present) continue;
            var p = Values(i);
            if (mu == 0f) { Plain(p, g, lrF, wd); continue; }
            var buf = _momentumBuffers[i];
            if (buf is null)
            {
                buf = _momentumBuffers[i] = new float[p.Length];
                First(p, g, buf, lrF, wd, mu, nesterov);
            }
            else Momentum(p, g, buf, lrF, wd, mu, damp, nesterov);
        }
    }

    // p ← p − lr·(g + λp)
    private static void Plain(Span<float> p, ReadOnlySpan<float> g, float lr, float wd)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<float>(-lr); var vwd = new Vector<float>(wd);
            for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vp = new Vector<float>(p[i..]);
                var d = new Vector<float>(g[i..]) + vwd * vp;
                (vp + vlr * d).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++) { float d = g[i] + wd * p[i]; p[i] += -lr * d; }
    }

    // First momentum step: b ← g + λp (a copy, no dampening), then the update.
    private static void First(Span<float> p, ReadOnlySpan<float> g, float[] buf, float lr, float wd, float mu, bool nesterov)
    {
        for (int i = 0; i < p.Length; i++)
        {
            float d = g[i] + wd * p[i];
            buf[i] = d;
            float step = nesterov ? d + mu * d : d;
            p[i] += -lr * step;
        }
    }

    private static void Momentum(Span<float> p, ReadOnlySpan<float> g, float[] buf, float lr, float wd, float mu, float damp, bool nesterov)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<float>(-lr); var vwd = new Vector<float>(wd); var vmu = new Vector<float>(mu); var vdamp = new Vector<float>(damp);
            var b = buf.AsSpan();
            for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vp = new Vector<float>(p[i..]);
                var d = new Vector<float>(g[i..]) + vwd * vp;
                var vb = new Vector<float>(b[i..]) * vmu + vdamp * d;
                vb.CopyTo(b[i..]);
                var step = nesterov ? d + vmu * vb : vb;
                (vp + vlr * step).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            float d = g[i] + wd * p[i];
            float bi = buf[i] * mu + damp * d;
            buf[i] = bi;
            float step = nesterov ? d + mu * bi : bi;
            p[i] += -lr * step;
        }
    }
}

public static partial class torch
{
    public static partial class optim
    {
        // https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
        public static SGD SGD(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double weight_decay = 0,
            double dampening = 0, bool nesterov = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov);
    }
}
