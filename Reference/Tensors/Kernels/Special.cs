namespace Grader.Tensors;

/// <summary>
/// Special functions in double precision, for float32 kernels that round once at the end: erf, erfc, erfinv, log1p,
/// expm1. erf is its Maclaurin series below |x| = 2 and 1 − erfc beyond; erfc is the Laplace continued fraction
/// (modified Lentz) from 2 on; erfinv is a closed-form first guess refined by Halley steps on erf (|x| ≤ ½) or on
/// erfc (|x| &gt; ½, where 1 − |x| is exact), so it keeps full float32 accuracy up to the floats next to ±1.
/// Relative errors: erf about 1e-15, erfc below 1e-12, far below float32's 6e-8 (Tests/…/Kernels/SpecialTests.cs).
/// </summary>
internal static class Special
{
    private const double TwoOverSqrtPi = 1.1283791670955126;   // 2/√π
    private const double SqrtPi = 1.7724538509055160;

    /// <summary>erf(x) = 2/√π ∫₀ˣ e^{−t²} dt.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x) || x == 0) return x;   // ±0 keeps its sign
        double a = Math.Abs(x);
        if (a < 2) return ErfSeries(x);
        return Math.CopySign(1 - ErfcContinuedFraction(a), x);
    }

    /// <summary>erfc(x) = 1 − erf(x), without cancellation for large positive x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < 2) return 1 - Erf(x);   // erfc(x) ≥ erfc(2) ≈ 0.0047 here: the subtraction loses under 3 digits
        return ErfcContinuedFraction(x);
    }

    /// <summary>2/√π Σ (−1)ⁿ x²ⁿ⁺¹/(n!(2n+1)), summed until the terms stop mattering (at most ~40 terms for |x| &lt; 2).</summary>
    private static double ErfSeries(double x)
    {
        double x2 = x * x, t = x, s = x;
        for (int n = 1; n < 200; n++)
        {
            t *= -x2 / n;
            double term = t / (2 * n + 1);
            s += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(s)) break;
        }
        return TwoOverSqrtPi * s;
    }

    /// <summary>erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))) for x ≥ 2 (under 60 terms).</summary>
    private static double ErfcContinuedFraction(double x)
    {
        if (double.IsPositiveInfinity(x)) return 0;
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = 0.5 * n;
            d = x + an * d; if (d == 0) d = tiny;
            c = x + an / c; if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / (SqrtPi * f);
    }

    /// <summary>erf⁻¹(x) on [−1, 1]: ±∞ at ±1, NaN outside; ±0 keeps its sign.</summary>
    public static double ErfInv(double x)
    {
        double a = Math.Abs(x);
        if (double.IsNaN(x) || a > 1) return double.NaN;
        if (a == 1) return Math.CopySign(double.PositiveInfinity, x);
        if (a == 0) return x;
        double y;
        if (a < 0.25) y = SqrtPi / 2 * a * (1 + Math.PI / 12 * a * a);   // the series' first two terms
        else
        {
            // Winitzki's closed form (relative error below 2e-3): the start for Halley's method.
            const double k = 0.147;
            double ln = Math.Log((1 - a) * (1 + a));
            double t = 2 / (Math.PI * k) + ln / 2;
            y = Math.Sqrt(Math.Sqrt(t * t - ln / k) - t);
        }
        double rest = 1 - a;   // exact for a ≥ ½ (Sterbenz)
        for (int i = 0; i < 10; i++)
        {
            // f(y) = erf(y) − a, written through erfc where a is near 1; f′ = 2/√π e^{−y²}, f″ = −2y f′, so
            // Halley's step f/(f′ − f f″/(2f′)) is f/(f′ + y f).
            double f = a <= 0.5 ? ErfSeries(y) - a : rest - Erfc(y);
            double df = TwoOverSqrtPi * Math.Exp(-y * y);
            double step = f / (df + y * f);
            y -= step;
            if (Math.Abs(step) <= 1e-15 * y) break;
        }
        return Math.CopySign(y, x);
    }

    /// <summary>log(1 + u) without cancellation for small u (Kahan: the rounding of 1 + u cancels in the ratio).</summary>
    public static double Log1p(double u)
    {
        double w = 1.0 + u;
        if (w == 1.0) return u;
        if (double.IsPositiveInfinity(w)) return w;
        return Math.Log(w) * u / (w - 1.0);
    }

    /// <summary>eˣ − 1 without cancellation near 0 (three Taylor terms below |x| = 1e-5, where they are exact to 1e-21).</summary>
    public static double Expm1(double x) =>
        Math.Abs(x) < 1e-5 ? x + x * x / 2 + x * x * x / 6 : Math.Exp(x) - 1.0;
}
