namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The grader's own Jacobian of a hand-in's map ℝᵈ → ℝᵈ (a trained flow's Forward or Inverse), by central differences
/// in double of the map's float32 outputs: column j at x is (g(x + h·e_j) − g(x − h·e_j)) / (x_j⁺ − x_j⁻), the
/// denominator the difference of the two float32 inputs as they were passed (so the rounding of x ± h is not an error).
/// The stencil's rows hold the points themselves, so a check that calls the map on the whole stencil (in batches it
/// draws, <see cref="DrawnBatches"/>) takes the value at a point and its Jacobian from the very same calls.
/// </summary>
/// <remarks>
/// Error of one entry: the central difference's truncation h²·|g'''|/6 is removed to O(h⁴) by Richardson's
/// extrapolation over h and h/2; what stays is rounding, about (4/3)·2·u·|g|/h with u = 2⁻²⁴, at h/2 = 5·10⁻³ on a
/// flow over standardised features (|g| ≲ 10) ≲ 3·10⁻⁴ of an entry; the log|det| of a 3 × 3 Jacobian moves by about
/// the entries' relative error times the condition number (steep trained flows: see the check's measured log-det error).
/// </remarks>
public static class FlowJacobian
{
    /// <summary>The step of the central differences.</summary>
    public const float Step = 1e-2f;

    /// <summary>Rows per point of <see cref="Stencil"/>: the point, then x ± h·e_c and x ± (h/2)·e_c for each coordinate c.</summary>
    public static int StencilRows(int d) => 1 + 4 * d;

    /// <summary>
    /// The inputs at which the map is evaluated for the Jacobians at the n rows of <paramref name="x"/> ([n, d] row-major),
    /// [n·<see cref="StencilRows"/>(d), d] row-major: per point, the point itself, then for each coordinate c the point
    /// moved by +h, −h, +h/2 and −h/2 along e_c (h = <see cref="Step"/>). The point's own row is there so that the value
    /// at the point and its Jacobian come from the very same evaluation (<see cref="FromStencil"/>).
    /// </summary>
    public static float[] Stencil(float[] x, int n, int d)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rows = StencilRows(d);
        var stencil = new float[n * rows * d];
        float[] moves = [Step, -Step, Step / 2, -Step / 2];
        for (int i = 0; i < n; i++)
        {
            int start = i * rows * d;
            for (int r = 0; r < rows; r++) Array.Copy(x, i * d, stencil, start + r * d, d);
            for (int c = 0; c < d; c++)
                for (int k = 0; k < 4; k++) stencil[start + (1 + 4 * c + k) * d + c] += moves[k];
        }
        return stencil;
    }

    /// <summary>
    /// The Jacobians at the points of a <see cref="Stencil"/> from the map's outputs on it (<paramref name="outputs"/>,
    /// [n·<see cref="StencilRows"/>(d), d] row-major, in the stencil's row order): entry [i][r·d + c] is ∂g_r/∂x_c at
    /// point i, Richardson's extrapolation (4·D(h/2) − D(h))/3 of the central differences at h and h/2 (truncation O(h⁴)),
    /// each difference divided by the difference of the two float32 inputs as they were passed.
    /// </summary>
    public static double[][] FromStencil(float[] stencil, float[] outputs, int n, int d)
    {
        ArgumentNullException.ThrowIfNull(stencil);
        ArgumentNullException.ThrowIfNull(outputs);
        int rows = StencilRows(d);
        if (stencil.Length != n * rows * d || outputs.Length != n * rows * d)
            throw new ArgumentException($"a stencil of {n} points in {d} dimensions has {n * rows * d} values; got {stencil.Length} inputs and {outputs.Length} outputs");
        var jacobians = new double[n][];
        for (int i = 0; i < n; i++)
        {
            jacobians[i] = new double[d * d];
            int start = i * rows * d;
            double Difference(int c, int r, int plus) =>
                ((double)outputs[start + (1 + 4 * c + plus) * d + r] - outputs[start + (2 + 4 * c + plus) * d + r])
                / ((double)stencil[start + (1 + 4 * c + plus) * d + c] - stencil[start + (2 + 4 * c + plus) * d + c]);
            for (int c = 0; c < d; c++)
                for (int r = 0; r < d; r++) jacobians[i][r * d + c] = (4 * Difference(c, r, 2) - Difference(c, r, 0)) / 3;
        }
        return jacobians;
    }

    /// <summary>
    /// The Jacobians of <paramref name="map"/> at the n rows of <paramref name="x"/> ([n, d] row-major), from one call of
    /// the map on their <see cref="Stencil"/> (see <see cref="FromStencil"/>). <paramref name="map"/> returns [m, d] for
    /// [m, d] (the caller catches what it throws).
    /// </summary>
    public static double[][] Of(Func<Tensor, Tensor> map, float[] x, int n, int d)
    {
        ArgumentNullException.ThrowIfNull(map);
        var stencil = Stencil(x, n, d);
        return FromStencil(stencil, Values(map(torch.tensor(stencil, n * StencilRows(d), d)), stencil.Length), n, d);
    }

    /// <summary>log|det J| of each Jacobian (LU in double; −∞ for a singular one, NaN for a non-finite one).</summary>
    public static double[] LogAbsDet(double[][] jacobians, int d)
    {
        ArgumentNullException.ThrowIfNull(jacobians);
        var result = new double[jacobians.Length];
        var m = new double[d, d];
        for (int i = 0; i < jacobians.Length; i++)
        {
            bool finite = true;
            for (int r = 0; r < d; r++)
                for (int c = 0; c < d; c++)
                {
                    m[r, c] = jacobians[i][r * d + c];
                    finite &= double.IsFinite(m[r, c]);
                }
            result[i] = finite ? CouplingChain.LogAbsDet(m) : double.NaN;
        }
        return result;
    }

    /// <summary>
    /// The perturbation test of an inverse: for each row, ‖J(x)·(x′ − x) − δ‖ / ‖δ‖, where J is the forward map's
    /// Jacobian at x = Inverse(z) and x′ = Inverse(z + δ). A smooth inverse of the forward map gives O(‖δ‖) (the
    /// second-order term); an inverse that returns stored points (the same one for z + δ, or another) gives 1 or more.
    /// </summary>
    public static double[] PerturbationErrors(double[][] jacobians, float[] x, float[] xPerturbed, float[] delta, int d)
    {
        ArgumentNullException.ThrowIfNull(jacobians);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(xPerturbed);
        ArgumentNullException.ThrowIfNull(delta);
        var errors = new double[jacobians.Length];
        for (int i = 0; i < jacobians.Length; i++)
        {
            double residual = 0, size = 0;
            for (int r = 0; r < d; r++)
            {
                double moved = 0;
                for (int c = 0; c < d; c++) moved += jacobians[i][r * d + c] * ((double)xPerturbed[i * d + c] - x[i * d + c]);
                double e = moved - delta[i * d + r];
                residual += e * e;
                size += (double)delta[i * d + r] * delta[i * d + r];
            }
            double ratio = Math.Sqrt(residual / size);
            errors[i] = double.IsFinite(ratio) ? ratio : double.PositiveInfinity;
        }
        return errors;
    }

    /// <summary>The share of the rows of <paramref name="rows"/> that equal a row of <paramref name="stored"/> bit for bit.</summary>
    public static double CopiedShare(float[] rows, float[] stored, int d)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(stored);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + d <= stored.Length; i += d) set.Add(Key(stored, i, d));
        int n = rows.Length / d, copied = 0;
        for (int i = 0; i < n; i++)
            if (set.Contains(Key(rows, i * d, d))) copied++;
        return n == 0 ? 0 : (double)copied / n;
    }

    private static string Key(float[] values, int start, int d) =>
        string.Join(",", Enumerable.Range(start, d).Select(k => BitConverter.SingleToInt32Bits(values[k])));

    private static float[] Values(Tensor t, int count)
    {
        var v = t.contiguous().ToArray();
        if (v.Length != count) throw new InvalidOperationException($"the map returned {v.Length} values for {count} inputs");
        return v;
    }
}
