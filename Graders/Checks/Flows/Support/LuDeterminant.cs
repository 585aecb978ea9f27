namespace Grader.Checks.Flows.Support;

/// <summary>
/// The determinant of a square matrix by LU with partial pivoting, in double, as its sign and log|det|: the sign picks
/// a rotation's orientation (<see cref="SinhArcsinhFlow"/>), log|det| is a flow's log-determinant from its Jacobian.
/// </summary>
public static class LuDeterminant
{
    /// <summary>The sign of det <paramref name="m"/> (−1 or +1; 0 when singular) and log|det <paramref name="m"/>| (−∞ when singular).</summary>
    public static (int Sign, double LogAbs) Of(double[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        int n = m.GetLength(0);
        var a = (double[,])m.Clone();
        int sign = 1;
        double log = 0;
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[pivot, k])) pivot = i;
            if (a[pivot, k] == 0) return (0, double.NegativeInfinity);
            if (pivot != k)
            {
                sign = -sign;
                for (int j = 0; j < n; j++) (a[k, j], a[pivot, j]) = (a[pivot, j], a[k, j]);
            }
            if (a[k, k] < 0) sign = -sign;
            log += Math.Log(Math.Abs(a[k, k]));
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
            }
        }
        return (sign, log);
    }
}
