using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Grader.Tensors.Tests.Kernels;

/// <summary>
/// The one-pass tanh (<c>Elementwise.Tanh</c>, Kernels/Elementwise.cs) against the two passes it replaced, written out
/// here: <c>TensorPrimitives.Tanh</c>, then <c>RedoSmallTanh</c> (|x| &lt; 0.25 in double). The one pass computes
/// TensorPrimitives' 256-bit formula itself, so the claim is the same bits for every float; it runs where 256-bit
/// vectors are the widest (<c>DOTNET_EnableAVX512=0</c> on this machine; with AVX-512 the kernel is the two passes and
/// the tests hold trivially). The fast test takes every 4099th bit pattern of the 2³² floats, every float within 2¹²
/// patterns of the places where the algorithm changes (±0, ±0.25) and the specials, out of place and in place, at
/// lengths with and without a tail; the [Explicit] one takes all 2³².
/// </summary>
public class TanhKernelTests
{
    private static void TwoPasses(ReadOnlySpan<float> s, Span<float> d)
    {
        TensorPrimitives.Tanh(s, d);
        Elementwise.RedoSmallTanh(s, d);
    }

    /// <summary>The first index where the one pass differs from the two passes on xs (out of place and in place), or −1.</summary>
    private static int FirstDifference(float[] xs, float[] expected, float[] actual)
    {
        TwoPasses(xs, expected);
        Elementwise.Tanh(xs, actual);
        for (int i = 0; i < xs.Length; i++)
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i])) return i;
        xs.CopyTo(actual, 0);
        Elementwise.TanhInPlace(actual);
        for (int i = 0; i < xs.Length; i++)
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i])) return i;
        return -1;
    }

    private static IEnumerable<float> Sampled()
    {
        for (ulong bits = 0; bits <= uint.MaxValue; bits += 4099) yield return BitConverter.UInt32BitsToSingle((uint)bits);
        foreach (float edge in new[] { 0f, 0.25f, -0.25f })
        {
            int e = BitConverter.SingleToInt32Bits(edge);
            for (int k = -4096; k <= 4096; k++) yield return BitConverter.Int32BitsToSingle(e + k);
        }
        yield return float.NaN; yield return float.PositiveInfinity; yield return float.NegativeInfinity;
        yield return float.Epsilon; yield return -float.Epsilon; yield return 9.01f; yield return -9.01f; yield return 88f; yield return -104f;
    }

    [Test]
    public void One_pass_gives_the_bits_of_the_two_passes_on_sampled_floats_and_the_edges()
    {
        TestContext.Out.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated} (the one pass runs only without it)");
        var all = Sampled().ToArray();
        foreach (int len in new[] { 4096, 4093, 8, 9, 15, 17, 7, 3, 1 })
            for (int start = 0; start < all.Length; start += len)
            {
                var xs = all.AsSpan(start, Math.Min(len, all.Length - start)).ToArray();
                var (expected, actual) = (new float[xs.Length], new float[xs.Length]);
                int at = FirstDifference(xs, expected, actual);
                Assert.That(at, Is.EqualTo(-1), () => $"length {xs.Length}: tanh({xs[at]:R}) (bits 0x{BitConverter.SingleToUInt32Bits(xs[at]):X8}) two passes {expected[at]:R}, one pass {actual[at]:R}");
            }
    }

    [Test, Explicit("all 2³² floats: about a minute; run with DOTNET_EnableAVX512=0")]
    public void One_pass_gives_the_bits_of_the_two_passes_on_every_float()
    {
        const int chunk = 1 << 16;
        var xs = new float[chunk];
        var (expected, actual) = (new float[chunk], new float[chunk]);
        for (ulong bits = 0; bits <= uint.MaxValue; bits += chunk)
        {
            for (int i = 0; i < chunk; i++) xs[i] = BitConverter.UInt32BitsToSingle((uint)(bits + (ulong)i));
            int at = FirstDifference(xs, expected, actual);
            Assert.That(at, Is.EqualTo(-1), () => $"tanh({xs[at]:R}) (bits 0x{BitConverter.SingleToUInt32Bits(xs[at]):X8}) two passes {expected[at]:R}, one pass {actual[at]:R}");
        }
        TestContext.Out.WriteLine($"2^32 floats, the same bits (Vector512 accelerated: {Vector512.IsHardwareAccelerated})");
    }
}
