namespace Grader.Tensors;

/// <summary>
/// LU factorisation with partial pivoting (PA = LU, L unit lower triangular) of one n×n matrix in double, row-major,
/// in place; and what it gives: the determinant's sign and log-magnitude, and the inverse. A zero pivot (an exactly
/// singular matrix) is left in place and reported; NaN and ∞ propagate into the results.
/// </summary>
internal static class Lu
{
    /// <summary>Factors <paramref name="a"/> in place; returns the permutation's sign (±1) and the index of the first zero pivot (−1 if none).</summary>
    public static (int sign, int zeroPivot) Factor(double[] a, int n, int[] pivots)
    {
        int sign = 1, zeroPivot = -1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i * n + k]);
                if (v > best || (double.IsNaN(v) && !double.IsNaN(best))) { best = v; p = i; }   // NaN wins, so it propagates
            }
            pivots[k] = p;
            if (p != k)
            {
                for (int j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]);
                sign = -sign;
            }
            double pivot = a[k * n + k];
            if (pivot == 0) { if (zeroPivot < 0) zeroPivot = k; continue; }
            for (int i = k + 1; i < n; i++)
            {
                double l = a[i * n + k] /= pivot;
                if (l == 0) continue;
                for (int j = k + 1; j < n; j++) a[i * n + j] -= l * a[k * n + j];
            }
        }
        return (sign, zeroPivot);
    }

    /// <summary>The sign (±1, 0 when singular) and log|det| (−∞ when singular) of a factored matrix.</summary>
    public static (double sign, double logAbsDet) SignLogAbsDet(double[] lu, int n, int permutationSign)
    {
        double sign = permutationSign, log = 0;
        for (int k = 0; k < n; k++)
        {
            double u = lu[k * n + k];
            if (u == 0) return (0, double.NegativeInfinity);
            if (u < 0) sign = -sign;
            log += Math.Log(Math.Abs(u));
            if (double.IsNaN(u)) sign = double.NaN;
        }
        return (sign, log);
    }

    /// <summary>det = sign · Π u_kk of a factored matrix.</summary>
    public static double Det(double[] lu, int n, int permutationSign)
    {
        double d = permutationSign;
        for (int k = 0; k < n; k++) d *= lu[k * n + k];
        return d;
    }

    /// <summary>A⁻¹ from the factors of a non-singular A, column by column: permute, forward-substitute L, back-substitute U.</summary>
    public static void Inverse(double[] lu, int n, int[] pivots, double[] inverse)
    {
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(col);
            col[j] = 1;
            for (int k = 0; k < n; k++) if (pivots[k] != k) (col[k], col[pivots[k]]) = (col[pivots[k]], col[k]);
            for (int i = 1; i < n; i++)
            {
                double s = col[i];
                for (int k = 0; k < i; k++) s -= lu[i * n + k] * col[k];
                col[i] = s;
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = col[i];
                for (int k = i + 1; k < n; k++) s -= lu[i * n + k] * col[k];
                col[i] = s / lu[i * n + i];
            }
            for (int i = 0; i < n; i++) inverse[i * n + j] = col[i];
        }
    }
}
