using Grader.Contracts.Flows;

namespace Grader.Checks.Flows.Support;

/// <summary>
/// A normalizing flow known in closed form, for the likelihood checks: layers of an element-wise sinh–arcsinh map
/// v_j = sinh(α_j·asinh(u_j) + β_j) followed by a fixed rotation u ← R·v. It is smooth, bijective on ℝᵈ, its
/// log|det ∂z/∂x| varies from point to point, and after two layers its density does not factor over the coordinates.
/// Parameters come from the spec's seed: α_j = e^w with w ~ U(−0.4, 0.4), β_j ~ U(−0.6, 0.6), R uniform on SO(d)
/// (Gram–Schmidt on a normal matrix, in double). <see cref="Forward"/> computes each row in double from the float32
/// input and rounds z and the log-determinant to float32 once.
/// </summary>
public sealed class SinhArcsinhFlow : INormalizingFlow
{
    private readonly double[][] _alpha, _beta;
    private readonly double[][,] _rotation;

    public SinhArcsinhFlow(FlowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Dim < 1 || spec.Layers < 1) throw new ArgumentException($"a flow needs d ≥ 1 and at least one layer, got d = {spec.Dim}, {spec.Layers} layers");
        Spec = spec;
        var g = new Generator(spec.Seed);
        int d = spec.Dim;
        _alpha = new double[spec.Layers][];
        _beta = new double[spec.Layers][];
        _rotation = new double[spec.Layers][,];
        for (int l = 0; l < spec.Layers; l++)
        {
            _alpha[l] = Enumerable.Range(0, d).Select(_ => Math.Exp(0.8 * g.NextDouble() - 0.4)).ToArray();
            _beta[l] = Enumerable.Range(0, d).Select(_ => 1.2 * g.NextDouble() - 0.6).ToArray();
            _rotation[l] = Rotation(d, g);
        }
    }

    public FlowSpec Spec { get; }

    public int Dim => Spec.Dim;

    /// <summary>How many times <see cref="Forward"/> was called.</summary>
    public int Calls { get; private set; }

    public (Tensor Z, Tensor LogDet) Forward(Tensor x)
    {
        var v = Rows(x, "Forward");
        Calls++;
        int n = v.Length / Dim;
        var z = new float[v.Length];
        var logDet = new float[n];
        for (int i = 0; i < n; i++)
        {
            var (zi, ld) = Forward(v.AsSpan(i * Dim, Dim));
            for (int j = 0; j < Dim; j++) z[i * Dim + j] = (float)zi[j];
            logDet[i] = (float)ld;
        }
        return (torch.tensor(z, n, Dim), torch.tensor(logDet, n));
    }

    public Tensor Inverse(Tensor z)
    {
        var v = Rows(z, "Inverse");
        int n = v.Length / Dim;
        var x = new float[v.Length];
        for (int i = 0; i < n; i++)
        {
            var xi = Inverse(v.AsSpan(i * Dim, Dim));
            for (int j = 0; j < Dim; j++) x[i * Dim + j] = (float)xi[j];
        }
        return torch.tensor(x, n, Dim);
    }

    /// <summary>z = f(x) and log|det ∂z/∂x| of one point, in double.</summary>
    public (double[] Z, double LogDet) Forward(ReadOnlySpan<double> x)
    {
        var u = x.ToArray();
        double logDet = 0;
        for (int l = 0; l < Spec.Layers; l++)
        {
            var v = new double[Dim];
            for (int j = 0; j < Dim; j++)
            {
                double w = _alpha[l][j] * Math.Asinh(u[j]) + _beta[l][j];
                v[j] = Math.Sinh(w);
                // d/du sinh(α·asinh u + β) = α·cosh(α·asinh u + β)/√(1 + u²)
                logDet += Math.Log(_alpha[l][j]) + LogCosh(w) - 0.5 * Math.Log(1 + u[j] * u[j]);
            }
            u = Rotate(_rotation[l], v, transpose: false);
        }
        return (u, logDet);
    }

    /// <summary>x = f⁻¹(z) of one point, in double.</summary>
    public double[] Inverse(ReadOnlySpan<double> z)
    {
        var u = z.ToArray();
        for (int l = Spec.Layers - 1; l >= 0; l--)
        {
            var v = Rotate(_rotation[l], u, transpose: true);
            for (int j = 0; j < Dim; j++) u[j] = Math.Sinh((Math.Asinh(v[j]) - _beta[l][j]) / _alpha[l][j]);
        }
        return u;
    }

    /// <summary>log p(x) = −½‖z‖² − (d/2)·ln 2π + log|det ∂z/∂x| in double, the density the flow defines with a standard normal latent.</summary>
    public double LogDensity(ReadOnlySpan<double> x)
    {
        var (z, logDet) = Forward(x);
        return -0.5 * z.Sum(v => v * v) - 0.5 * Dim * Math.Log(2 * Math.PI) + logDet;
    }

    private double[] Rows(Tensor x, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.size(1) != Dim)
            throw new ArgumentException($"the flow's {what} takes points as [N, {Dim}], got a tensor of shape [{string.Join(", ", x.shape)}]");
        return x.contiguous().ToDoubleArray();
    }

    private static double LogCosh(double w)
    {
        double a = Math.Abs(w);
        return a + Math.Log(0.5 * (1 + Math.Exp(-2 * a)));
    }

    private static double[] Rotate(double[,] r, double[] v, bool transpose)
    {
        int d = v.Length;
        var y = new double[d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) y[i] += (transpose ? r[j, i] : r[i, j]) * v[j];
        return y;
    }

    /// <summary>A rotation uniform on SO(d): Gram–Schmidt (twice) on the columns of a standard normal matrix, the first column negated when the determinant is −1.</summary>
    private static double[,] Rotation(int d, Generator g)
    {
        var q = new double[d, d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) q[i, j] = g.NextNormal();
        for (int j = 0; j < d; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += q[i, k] * q[i, j];
                    for (int i = 0; i < d; i++) q[i, j] -= dot * q[i, k];
                }
            double norm = 0;
            for (int i = 0; i < d; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < d; i++) q[i, j] /= norm;
        }
        if (LuDeterminant.Of(q).Sign < 0)
            for (int i = 0; i < d; i++) q[i, 0] = -q[i, 0];
        return q;
    }
}
