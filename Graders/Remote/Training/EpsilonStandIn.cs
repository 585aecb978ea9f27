using Grader.Contracts.Diffusion;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's own ε-network, handed to the hand-in's <see cref="IDiffusionTrainingParts.Loss"/> when the loss is graded
/// as its own part (<see cref="GraderTraining"/>, issue 79): ε̂_j = tanh(Σ_k z_k A_kj + τ b_j + c_j), computed in double
/// from the inputs the loss passes and returned as a float32 LEAF with <c>requires_grad</c>, so the grader reads the
/// loss's gradient with respect to ε̂ itself (d loss / d ε̂), and the values depend on z_t and τ = t/T (a loss that
/// noises with the wrong ᾱ, or passes t instead of t/T, sees other values). A, b, c are drawn per run by the grader.
/// <see cref="Parameters"/> are grader-owned leaves of the hand-in's model's shapes (drawn values): the formula reaches them
/// only through ε̂, so the loss's gradient with respect to them must be zero, and their values must not change.
/// </summary>
internal sealed class EpsilonStandIn : ITrainableEpsilonNetwork
{
    private readonly int _d;
    private readonly double[] _aT;  // A [d, d] (row k: input z_k) transposed, row j: output j (the inner loops run over contiguous k)
    private readonly double[] _aAbsT;
    private readonly double[] _b;
    private readonly double[] _c;
    private readonly List<Tensor> _parameters;
    private readonly List<(Tensor Output, float[] Z, float[] Tau)> _calls = [];

    public EpsilonStandIn(int dataDimension, IReadOnlyList<int[]> shapes, Generator generator)
    {
        _d = dataDimension;
        var a = Draw(generator, _d * _d, 1.0 / Math.Sqrt(_d));
        _aT = new double[_d * _d];
        for (var k = 0; k < _d; k++)
            for (var j = 0; j < _d; j++) _aT[j * _d + k] = a[k * _d + j];
        _aAbsT = [.. _aT.Select(Math.Abs)];
        _b = Draw(generator, _d, 1.0);
        _c = Draw(generator, _d, 0.5);
        _parameters = [.. shapes.Select(s => randn(s, generator).requires_grad_())];
    }

    /// <summary>The Forward calls since the last <see cref="Clear"/>: the leaf returned, and the inputs as given.</summary>
    public IReadOnlyList<(Tensor Output, float[] Z, float[] Tau)> Calls => _calls;

    public void Clear() => _calls.Clear();

    public IReadOnlyList<Tensor> Parameters() => _parameters;

    public Tensor Forward(Tensor zt, Tensor t)
    {
        if (zt is null || t is null || zt.dim() != 2 || zt.size(1) != _d || t.numel() != zt.size(0))
            throw new ArgumentException($"network.Forward(z_t, t/T) takes z_t of shape [rows, {_d}] and t/T with one value per row.");
        var z = zt.detach().contiguous().ToArray();
        var tau = t.detach().contiguous().reshape(-1).ToArray();
        var output = tensor(Values(z, tau), zt.size(0), _d).requires_grad_();
        _calls.Add((output, z, tau));
        return output;
    }

    /// <summary>ε̂ in double for inputs z [rows·d] and τ [rows] (rounded to float32 by <see cref="Forward"/>).</summary>
    public double[] Values(float[] z, float[] tau)
    {
        var rows = tau.Length;
        var values = new double[rows * _d];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < _d; j++)
                values[i * _d + j] = Math.Tanh(PreActivation(z, tau, i, j));
        return values;
    }

    /// <summary>
    /// Per element, a bound on |ε̂(z + δz, τ + δτ) − ε̂(z, τ)| to first order, for |δz| ≤ <paramref name="dz"/> and
    /// |δτ| ≤ <paramref name="dtau"/>: (1 − ε̂²)·(Σ_k |A_kj| dz_k + |b_j| dτ).
    /// </summary>
    public double[] Sensitivity(float[] z, float[] tau, double[] dz, double[] dtau)
    {
        var rows = tau.Length;
        var bound = new double[rows * _d];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < _d; j++)
            {
                var f = Math.Tanh(PreActivation(z, tau, i, j));
                var s = Math.Abs(_b[j]) * dtau[i];
                for (var k = 0; k < _d; k++) s += _aAbsT[j * _d + k] * dz[i * _d + k];
                bound[i * _d + j] = (1 - f * f) * s;
            }

        return bound;
    }

    private double PreActivation(float[] z, float[] tau, int i, int j)
    {
        var s = tau[i] * _b[j] + _c[j];
        for (var k = 0; k < _d; k++) s += z[i * _d + k] * _aT[j * _d + k];
        return s;
    }

    private static double[] Draw(Generator generator, int count, double scale)
    {
        var values = randn([count], generator).ToArray();
        return [.. values.Select(v => scale * v)];
    }
}
