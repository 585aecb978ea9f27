using Grader.Tensors;

namespace Grader.Tensors.Tests.Support;

/// <summary>
/// Compares the engine's gradients with central finite differences.
///
/// The checked scalar is L(x) = Σ w ⊙ f(x) with fixed random weights w (so every output element matters and a
/// gradient summed the wrong way shows). For each input element, D(h) = (L(x+h) − L(x−h))/2h, evaluated in double
/// from float32 forward passes, and the analytic value is compared with D(h/2).
/// Tolerance, derived rather than guessed:
///  - truncation: D(h) − L′ ≈ c·h², so D(h/2) − L′ ≈ (D(h) − D(h/2))/3 (Richardson); we allow 8× that estimate,
///    (8/3)·|D(h) − D(h/2)|, because the estimate is itself perturbed by rounding and higher-order terms;
///  - rounding: each float32 evaluation of L carries an absolute error of at most about k·ε₃₂·S, where S = Σ|w ⊙ f(x)|
///    and k bounds the op depth (we take k = 64); D(h/2) divides the difference of two such values by h, so it errs by
///    up to 2k·ε₃₂·S/h = k·ε₃₂·S/(h/2);
///  - plus a relative floor 1e-3·|D(h/2)| (and 1e-6 absolute) for the float32 accumulation inside the analytic
///    gradient itself, where gradient contributions of mixed signs cancel. A 1 % error in a rule is caught
///    (Support/GradCheckTests.cs).
/// The step is h = 1e-2·max(1, |x|) (float32 resolution makes smaller steps useless). Near a kink the Richardson term
/// grows and the check turns lenient, so generators keep inputs a margin away from kinks (Support/TensorGen.cs).
/// Inputs keep their shape, rank 0 included, and an output that autograd does not connect to the inputs counts as
/// an analytic gradient of 0.
/// </summary>
public static class GradCheck
{
    private const double Eps32 = 1.1920929e-7;
    private const double DepthFactor = 64;

    /// <summary>Asserts that the first-order gradients of <paramref name="f"/> at <paramref name="inputs"/> match finite differences.</summary>
    public static void Assert(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Assert(f, seed: 17, inputs);

    public static void Assert(Func<Tensor[], Tensor> f, int seed, params Tensor[] inputs)
    {
        var failures = Check(f, seed, inputs);
        if (failures.Count > 0)
            NUnit.Framework.Assert.Fail("gradient mismatch:\n" + string.Join("\n", failures.Take(8)));
    }

    /// <summary>Returns a description of each mismatching element (empty when all agree).</summary>
    public static List<string> Check(Func<Tensor[], Tensor> f, int seed, Tensor[] inputs)
    {
        var values = inputs.Select(t => t.ToArray()).ToArray();
        var shapes = inputs.Select(t => t.shape).ToArray();
        var leaves = values.Select((v, i) => TensorGen.Leaf(v, shapes[i]).requires_grad_()).ToArray();
        var y = f(leaves);
        var w = randn(y.shape, new Generator(seed));
        var loss = (y * w).sum();
        // An output that autograd does not connect to the inputs (a rule computed from detached values, say) has
        // analytic gradient 0; the comparison below then reports it, instead of autograd.grad throwing.
        var grads = loss.requires_grad ? autograd.grad([loss], leaves, allow_unused: true) : new Tensor?[leaves.Length];

        double Eval(int which, int index, float value)
        {
            var copy = values.Select(v => (float[])v.Clone()).ToArray();
            copy[which][index] = value;
            using var _ = no_grad();
            var out_ = f(copy.Select((v, i) => TensorGen.Leaf(v, shapes[i])).ToArray());
            var o = out_.ToArray(); var ww = w.ToArray();
            double s = 0; for (int i = 0; i < o.Length; i++) s += (double)o[i] * ww[i];
            return s;
        }
        double scale;
        {
            var o = y.ToArray(); var ww = w.ToArray();
            scale = 0; for (int i = 0; i < o.Length; i++) scale += Math.Abs((double)o[i] * ww[i]);
        }

        var failures = new List<string>();
        for (int k = 0; k < inputs.Length; k++)
        {
            var analytic = grads[k]?.ToArray() ?? new float[values[k].Length];
            for (int i = 0; i < values[k].Length; i++)
            {
                float x0 = values[k][i];
                double h = 1e-2 * Math.Max(1.0, Math.Abs(x0));
                double D(double step)
                {
                    float xp = (float)(x0 + step), xm = (float)(x0 - step);
                    return (Eval(k, i, xp) - Eval(k, i, xm)) / ((double)xp - xm);
                }
                double d1 = D(h), d2 = D(h / 2);
                double tol = 2 * (4.0 / 3.0) * Math.Abs(d1 - d2) + DepthFactor * Eps32 * scale / (h / 2) + 1e-3 * Math.Abs(d2) + 1e-6;
                double err = Math.Abs(analytic[i] - d2);
                if (!(err <= tol))
                    failures.Add($"input {k} element {i}: analytic {analytic[i]:G6}, finite difference {d2:G6} (tolerance {tol:G3})");
            }
        }
        return failures;
    }

    /// <summary>
    /// Second order: checks that the gradient of g(x) = Σ v ⊙ ∂L/∂x (computed with create_graph) matches finite
    /// differences of the first-order gradient, i.e. that backward rules are themselves differentiable and right.
    /// </summary>
    public static void AssertSecondOrder(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        Func<Tensor[], Tensor> firstOrder = xs =>
        {
            using var _ = enable_grad();
            var leaves = xs.Select(x => x.requires_grad ? x : x.detach().requires_grad_()).ToArray();
            var y = f(leaves);
            var w = randn(y.shape, new Generator(23));
            var g = autograd.grad([(y * w).sum()], leaves, create_graph: true, allow_unused: true);
            return cat(g.Select((gi, i) => (gi ?? zeros_like(leaves[i])).reshape(-1)).ToArray());
        };
        Assert(firstOrder, seed: 29, inputs);
    }
}
