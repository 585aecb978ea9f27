using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Flows;

/// <summary>
/// The fixed, untrained mixing after each coupling of FrEIA's <c>AllInOneBlock</c>, as an orthogonal matrix W [C, C]
/// applied as y = u·Wᵀ (FrEIA's <c>F.linear(u, w_perm)</c>) and undone by u = y·W. <see cref="Hard"/> is a permutation
/// matrix (W[i, π(i)] = 1, so y_i = u_π(i)); <see cref="Soft"/> is a random rotation, uniform on SO(C) (FrEIA's
/// <c>permute_soft=True</c>, which the notebook uses). Either way |det W| = 1, so the mixing adds nothing to log|det J|.
/// </summary>
public static class BlockPermutation
{
    /// <summary>A uniformly random permutation matrix (Fisher–Yates from <paramref name="generator"/>).</summary>
    public static Tensor Hard(int channels, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var perm = generator.Permutation(channels);
        var w = new float[channels * channels];
        for (int i = 0; i < channels; i++) w[i * channels + perm[i]] = 1f;
        return tensor(w, channels, channels);
    }

    /// <summary>
    /// A rotation drawn uniformly from SO(C): Gram–Schmidt on the columns of a standard normal matrix (Q of A = QR with
    /// R's diagonal positive, uniform on O(C)), then the first column negated when det Q = −1. Built in double,
    /// rounded to float32 once.
    /// </summary>
    public static Tensor Soft(int channels, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int n = channels;
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) q[i, j] = generator.NextNormal();
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)   // twice is enough (Giraud et al.): orthogonal to working precision
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[i, k] * q[i, j];
                    for (int i = 0; i < n; i++) q[i, j] -= dot * q[i, k];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[i, j] /= norm;
        }
        if (DeterminantSign(q) < 0)
            for (int i = 0; i < n; i++) q[i, 0] = -q[i, 0];
        return tensor(q);
    }

    /// <summary>The sign of det M by LU with partial pivoting (M is not changed).</summary>
    private static int DeterminantSign(double[,] m)
    {
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        int sign = 1;
        for (int k = 0; k < n; k++)
        {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[p, k])) p = i;
            if (a[p, k] == 0) return 0;
            if (p != k)
            {
                sign = -sign;
                for (int j = 0; j < n; j++) (a[k, j], a[p, j]) = (a[p, j], a[k, j]);
            }
            if (a[k, k] < 0) sign = -sign;
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
            }
        }
        return sign;
    }
}
