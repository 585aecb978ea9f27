#pragma warning disable IDE1006, CS8981 // PyTorch's lower-case names are the point of this facade.
namespace Grader.Tensors;

/// <summary>
/// PyTorch-style entry points: <c>using static Grader.Tensors.torch;</c> gives <c>randn</c>, <c>zeros</c>,
/// <c>no_grad()</c>, <c>nn</c>, <c>optim</c>, <c>autograd</c>. Each function delegates to a Tensor method or a
/// kernel; nothing here keeps state (random draws take a <see cref="Generator"/>).
/// </summary>
public static partial class torch
{
    // ---- creation (https://pytorch.org/docs/stable/torch.html#creation-ops) ----

    /// <summary>A tensor holding a copy of <paramref name="data"/> with the given shape (default: 1-D).</summary>
    public static Tensor tensor(float[] data, params int[] shape) =>
        Tensor.FromArray((float[])data.Clone(), shape.Length == 0 ? [data.Length] : shape, "tensor");

    public static Tensor tensor(double[] data, params int[] shape) =>
        Tensor.FromArray(data.Select(v => (float)v).ToArray(), shape.Length == 0 ? [data.Length] : shape, "tensor");

    public static Tensor tensor(float[,] data) => Tensor.FromArray(data.Cast<float>().ToArray(), data.GetLength(0), data.GetLength(1));

    public static Tensor tensor(double[,] data) => Tensor.FromArray(data.Cast<double>().Select(v => (float)v).ToArray(), data.GetLength(0), data.GetLength(1));

    /// <summary>A 0-d tensor.</summary>
    public static Tensor scalar(float value) => Tensor.Scalar(value);

    public static Tensor zeros(params int[] shape) => Tensor.FromArray(new float[ShapeUtil.Numel(shape, "zeros")], shape, "zeros");

    public static Tensor ones(params int[] shape) => Full(shape, 1f, "ones");

    public static Tensor full(int[] shape, float value) => Full(shape, value, "full");

    private static Tensor Full(int[] shape, float value, string op)
    {
        var d = new float[ShapeUtil.Numel(shape, op)];
        Array.Fill(d, value);
        return Tensor.FromArray(d, shape, op);
    }

    public static Tensor zeros_like(Tensor t) => zeros(t.shape);
    public static Tensor ones_like(Tensor t) => ones(t.shape);
    public static Tensor full_like(Tensor t, float value) => full(t.shape, value);

    /// <summary>start, start+step, … below end.</summary>
    public static Tensor arange(double start, double end, double step = 1)
    {
        double count = Math.Ceiling((end - start) / step);
        if (step == 0 || double.IsNaN(count) || count > ShapeUtil.MaxElements)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"arange: start {start}, end {end}, step {step} do not give a number of values between 0 and {ShapeUtil.MaxElements}"));
        var d = new float[count > 0 ? (int)count : 0];
        for (int i = 0; i < d.Length; i++) d[i] = (float)(start + i * step);
        return Tensor.FromArray(d, [d.Length], "arange");
    }

    public static Tensor arange(int end) => arange(0, end);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive, computed in double as PyTorch does, then rounded.</summary>
    public static Tensor linspace(double start, double end, int steps)
    {
        var d = new float[ShapeUtil.Numel([steps], "linspace")];
        if (steps == 1) { d[0] = (float)start; return Tensor.FromArray(d, 1); }   // PyTorch: [start]
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        int half = steps / 2;
        for (int i = 0; i < steps; i++)
            d[i] = (float)(i < half ? start + step * i : end - step * (steps - 1 - i));
        return Tensor.FromArray(d, steps);
    }

    public static Tensor eye(int n)
    {
        var d = new float[ShapeUtil.Numel([n, n], "eye")];
        for (int i = 0; i < n; i++) d[i * n + i] = 1f;
        return Tensor.FromArray(d, n, n);
    }

    // ---- random sampling (https://pytorch.org/docs/stable/torch.html#random-sampling) ----

    /// <summary>Standard normal draws from <paramref name="generator"/>: element i is the i-th NextNormal(), rounded to float32.</summary>
    public static Tensor randn(int[] shape, Generator generator)
    {
        var d = new float[ShapeUtil.Numel(shape, "randn")];
        generator.FillNormal(d);
        return Tensor.FromArray(d, shape, "randn");
    }

    /// <summary>Uniform draws on [0, 1).</summary>
    public static Tensor rand(int[] shape, Generator generator)
    {
        var d = new float[ShapeUtil.Numel(shape, "rand")];
        for (int i = 0; i < d.Length; i++) d[i] = generator.NextFloat();
        return Tensor.FromArray(d, shape, "rand");
    }

    /// <summary>Uniform integers in [low, high), stored as float32 (exact below 2²⁴).</summary>
    public static Tensor randint(int low, int high, int[] shape, Generator generator)
    {
        var d = new float[ShapeUtil.Numel(shape, "randint")];
        for (int i = 0; i < d.Length; i++) d[i] = generator.NextInt(low, high);
        return Tensor.FromArray(d, shape, "randint");
    }

    /// <summary>A random permutation of 0..n−1.</summary>
    public static int[] randperm(int n, Generator generator) => generator.Permutation(ShapeUtil.Numel([n], "randperm"));

    /// <summary>Laplace(loc, scale) draws.</summary>
    public static Tensor laplace(int[] shape, Generator generator, float loc = 0f, float scale = 1f)
    {
        var d = new float[ShapeUtil.Numel(shape, "laplace")];
        for (int i = 0; i < d.Length; i++) d[i] = (float)generator.NextLaplace(loc, scale);
        return Tensor.FromArray(d, shape, "laplace");
    }

    public static Tensor randn_like(Tensor t, Generator generator) => randn(t.shape, generator);

    // ---- joining, indexing (https://pytorch.org/docs/stable/torch.html#indexing-slicing-joining-mutating-ops) ----

    public static Tensor cat(Tensor[] tensors, int dim = 0) => Tensor.Cat(tensors, dim);

    public static Tensor stack(Tensor[] tensors, int dim = 0) => Tensor.Cat(tensors.Select(t => t.unsqueeze(dim)).ToArray(), dim);

    /// <summary>x where condition ≠ 0, else y.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => Tensor.Where(condition, x, y);

    // ---- pointwise and reductions, as functions ----
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor sin(Tensor x) => x.sin();
    public static Tensor cos(Tensor x) => x.cos();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor atan(Tensor x) => x.atan();
    public static Tensor log1p(Tensor x) => x.log1p();
    public static Tensor expm1(Tensor x) => x.expm1();
    public static Tensor erf(Tensor x) => x.erf();
    public static Tensor erfinv(Tensor x) => x.erfinv();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor pow(Tensor x, float p) => x.pow(p);
    public static Tensor clamp(Tensor x, float? min = null, float? max = null) => x.clamp(min, max);
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor logaddexp(Tensor a, Tensor b) => a.logaddexp(b);
    public static Tensor tril(Tensor x, int diagonal = 0) => x.tril(diagonal);
    public static Tensor triu(Tensor x, int diagonal = 0) => x.triu(diagonal);
    public static Tensor masked_fill(Tensor x, Tensor mask, float value) => x.masked_fill(mask, value);
    public static Tensor sum(Tensor x) => x.sum();
    public static Tensor mean(Tensor x) => x.mean();
    public static Tensor logsumexp(Tensor x, int dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
    public static Tensor softmax(Tensor x, int dim) => x.softmax(dim);
    public static Tensor log_softmax(Tensor x, int dim) => x.log_softmax(dim);

    // ---- locally disabling gradient computation ----

    /// <summary>Ops inside the scope record no graph: <c>using (torch.no_grad()) { … }</c>.</summary>
    public static GradMode.Scope no_grad() => GradMode.Set(false);

    /// <summary>Re-enables graph recording inside a no_grad region.</summary>
    public static GradMode.Scope enable_grad() => GradMode.Set(true);

    public static bool is_grad_enabled() => GradMode.IsEnabled;

    /// <summary>Gradients without touching <c>.grad</c>.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// ∂outputs/∂inputs, seeded with <paramref name="grad_outputs"/> (ones for scalar outputs). With
        /// <paramref name="create_graph"/> the result is part of the graph, so it can be differentiated again.
        /// </summary>
        public static Tensor?[] grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? grad_outputs = null, bool create_graph = false, bool allow_unused = false) =>
            Engine.Grad(outputs, inputs, grad_outputs, create_graph, allow_unused);

        /// <summary>Single-output, single-input convenience form; throws if the input is unused.</summary>
        public static Tensor grad(Tensor output, Tensor input, Tensor? grad_output = null, bool create_graph = false) =>
            Engine.Grad([output], [input], [grad_output], create_graph, false)[0]!;
    }

    /// <summary>Which matrix-product kernels run here: "openblas", "managed+openblas" (chosen by shape) or "managed".</summary>
    public static string blas_backend => Gemm.Backend;
}
