using System.Numerics;

namespace Grader.Checks.Flows.Tum;

/// <summary>
/// Exact arithmetic on doubles: every finite double is m·2ᵉ with integer m, so sums and products of doubles are exact
/// as big integers over a power of two. Used to decide whether two inputs map to exactly the same output.
/// </summary>
public readonly record struct ExactDouble(BigInteger Mantissa, int Exponent)
{
    /// <summary>0.</summary>
    public static ExactDouble Zero => new(BigInteger.Zero, 0);

    /// <summary>The exact value of a finite double.</summary>
    public static ExactDouble Of(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "only finite numbers are exact");
        if (value == 0) return new(BigInteger.Zero, 0);
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++;
        else mantissa |= 1L << 52;
        exponent -= 1075;
        return new(negative ? -mantissa : mantissa, exponent);
    }

    public static ExactDouble operator +(ExactDouble a, ExactDouble b)
    {
        int e = Math.Min(a.Exponent, b.Exponent);
        return new((a.Mantissa << (a.Exponent - e)) + (b.Mantissa << (b.Exponent - e)), e);
    }

    public static ExactDouble operator -(ExactDouble a) => new(-a.Mantissa, a.Exponent);

    public static ExactDouble operator -(ExactDouble a, ExactDouble b) => a + -b;

    public static ExactDouble operator *(ExactDouble a, ExactDouble b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public bool IsZero => Mantissa.IsZero;

    /// <summary>Exact equality of values.</summary>
    public bool ValueEquals(ExactDouble other) => (this - other).IsZero;

    /// <summary>The value rounded to double (magnitudes beyond double's range become ±∞ or 0).</summary>
    public double ToDouble()
    {
        if (Mantissa.IsZero) return 0;
        int shift = (int)Math.Max(0, (long)BigInteger.Abs(Mantissa).GetBitLength() - 62);
        return Math.ScaleB((double)(Mantissa >> shift), Exponent + shift);
    }
}
