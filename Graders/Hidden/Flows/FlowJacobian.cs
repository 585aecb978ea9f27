namespace Grader.Checks.Hidden.Flows;

/// <summary>
/// The grader's own Jacobian of a hand-in's map ℝᵈ → ℝᵈ (a trained flow's Forward or Inverse), by central differences
/// in double of the map's float32 outputs: column j at x is (g(x + h·e_j) − g(x − h·e_j)) / (x_j⁺ − x_j⁻), the
/// denominator the difference of the two float32 inputs as they were passed (so the rounding of x ± h is not an error).
/// The map is called on whole batches (2·d calls), so the Jacobian is taken at the very points the grader scores.
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

    /// <summary>
    /// The Jacobians of <paramref name="map"/> at the n rows of <paramref name="x"/> ([n, d] row-major): entry [i][r·d + c]
    /// is ∂g_r/∂x_c at row i, Richardson's extrapolation (4·D(h/2) − D(h))/3 of the central differences at h and h/2
    /// (truncation O(h⁴); 4·d calls of the map). <paramref name="map"/> returns [n, d] for [n, d] (the caller catches
    /// what it throws).
    /// </summary>
    public static double[][] Of(Func<Tensor, Tensor> map, float[] x, int n, int d)
    {
        var coarse = Central(map, x, n, d, Step);
        var fine = Central(map, x, n, d, Step / 2);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d * d; k++) fine[i][k] = (4 * fine[i][k] - coarse[i][k]) / 3;
        return fine;
    }

    private static double[][] Central(Func<Tensor, Tensor> map, float[] x, int n, int d, float h)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(x);
        var jacobians = new double[n][];
        for (int i = 0; i < n; i++) jacobians[i] = new double[d * d];
        for (int c = 0; c < d; c++)
        {
            var plus = (float[])x.Clone();
            var minus = (float[])x.Clone();
            for (int i = 0; i < n; i++)
            {
                plus[i * d + c] += h;
                minus[i * d + c] -= h;
            }
            var up = Values(map(torch.tensor(plus, n, d)), n * d);
            var down = Values(map(torch.tensor(minus, n, d)), n * d);
            for (int i = 0; i < n; i++)
            {
                double width = (double)plus[i * d + c] - minus[i * d + c];
                for (int r = 0; r < d; r++) jacobians[i][r * d + c] = ((double)up[i * d + r] - down[i * d + r]) / width;
            }
        }
        return jacobians;
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
