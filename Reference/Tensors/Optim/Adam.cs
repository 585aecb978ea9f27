#pragma warning disable IDE1006, CS8981
using System.Numerics;

namespace Grader.Tensors;

/// <summary>
/// Adam (Kingma &amp; Ba), exactly as PyTorch's single-tensor path (torch/optim/adam.py, amsgrad off) computes it:
/// <code>
/// g  ← ∇ + λ·p                      (L2 weight decay added to the gradient, not AdamW's decoupled form)
/// m  ← lerp(m, g, 1 − β₁)           (= β₁·m + (1 − β₁)·g)
/// v  ← β₂·v + (1 − β₂)·g·g
/// p  ← p − (lr/(1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// </code>
/// The bias corrections and the step size are computed in double (Python floats there), the element-wise update in
/// float32, in one fused SIMD pass over p, g, m and v. m and v start at zero; t counts this parameter's steps.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[]?[] _expAvg;
    private readonly float[]?[] _expAvgSq;
    private readonly long[] _steps;

    public double beta1 { get; }
    public double beta2 { get; }
    public double eps { get; }
    public double weight_decay { get; }

    internal Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
        : base(parameters, lr, "Adam")
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam: beta1 must be in [0, 1), got {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"Adam: beta2 must be in [0, 1), got {beta2}");
        CheckNonNegative(eps, "eps", "Adam");
        CheckNonNegative(weightDecay, "weight_decay", "Adam");
        this.beta1 = beta1; this.beta2 = beta2; this.eps = eps; weight_decay = weightDecay;
        int n = this.parameters.Count;
        _expAvg = new float[]?[n]; _expAvgSq = new float[]?[n]; _steps = new long[n];
    }

    /// <summary>How many updates parameter <paramref name="index"/> has received (PyTorch's <c>state['step']</c>).</summary>
    public long step_count(int index) => _steps[index];

    public override void step()
    {
        for (int i = 0; i < _steps.Length; i++)
        {
            var g = Gradient(i, out bool present);
            if (!present) continue;
            var p = Values(i);
            var m = _expAvg[i] ??= new float[p.Length];
            var v = _expAvgSq[i] ??= new float[p.Length];
            long t = ++_steps[i];
            double biasCorrection1 = 1 - Math.Pow(beta1, t);
            double biasCorrection2 = 1 - Math.Pow(beta2, t);
            Update(p, g, m, v,
                stepSize: (float)(lr / biasCorrection1),
                bc2Sqrt: (float)Math.Sqrt(biasCorrection2),
                oneMinusBeta1: (float)(1 - beta1), beta2: (float)beta2, oneMinusBeta2: (float)(1 - beta2),
                eps: (float)eps, wd: (float)weight_decay);
        }
    }

    private static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v,
        float stepSize, float bc2Sqrt, float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps, float wd)
    {
        // PyTorch's lerp(m, g, w): m + w·(g − m) for |w| < ½, else g − (g − m)·(1 − w), for accuracy at both ends.
        bool smallWeight = oneMinusBeta1 < 0.5f;
        float b1 = 1f - oneMinusBeta1;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vB1 = new Vector<float>(b1);
            var vStep = new Vector<float>(-stepSize); var vBc2 = new Vector<float>(bc2Sqrt);
            var vW1 = new Vector<float>(oneMinusBeta1); var vB2 = new Vector<float>(beta2); var vW2 = new Vector<float>(oneMinusBeta2);
            var vEps = new Vector<float>(eps); var vWd = new Vector<float>(wd);
            for (; i <= p.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var vp = new Vector<float>(p[i..]);
                var vg = new Vector<float>(g[i..]) + vWd * vp;
                var vm = new Vector<float>(m[i..]);
                vm = smallWeight ? vm + vW1 * (vg - vm) : vg - (vg - vm) * vB1;
                var vv = new Vector<float>(v[i..]) * vB2 + vW2 * vg * vg;
                var denom = Vector.SquareRoot(vv) / vBc2 + vEps;
                vm.CopyTo(m[i..]);
                vv.CopyTo(v[i..]);
                (vp + vStep * vm / denom).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            float gi = g[i] + wd * p[i];
            float mi = smallWeight ? m[i] + oneMinusBeta1 * (gi - m[i]) : gi - (gi - m[i]) * b1;
            float vi = v[i] * beta2 + oneMinusBeta2 * gi * gi;
            float denom = MathF.Sqrt(vi) / bc2Sqrt + eps;
            m[i] = mi; v[i] = vi;
            p[i] += -stepSize * mi / denom;
        }
    }
}

public static partial class torch
{
    public static partial class optim
    {
        // https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
        public static Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay);
    }
}
