using System.Buffers.Binary;

namespace Grader.Tensors.Tests.Randomness;

/// <summary>
/// The generator's state snapshot (Random/Generator.cs: GetState, SetState, FromState): its layout is pinned against
/// SplitMix64 seeding written here from Vigna's reference code; a snapshot restored in a fresh generator continues the
/// very same stream (uniforms, integers, Laplace draws, and normals with the cached Box–Muller spare); and every
/// snapshot a generator cannot have written is refused, leaving the generator as it was.
/// </summary>
public class GeneratorStateTests
{
    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9e3779b97f4a7c15);
        ulong z = x;
        z = unchecked((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9);
        z = unchecked((z ^ (z >> 27)) * 0x94d049bb133111eb);
        return z ^ (z >> 31);
    }

    [Test]
    public void The_snapshot_of_a_fresh_generator_is_version_seed_splitmix_words_and_no_spare()
    {
        ulong x = 42;
        var expected = new byte[Generator.StateBytes];
        expected[0] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(1), 42);
        for (int i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(expected.AsSpan(9 + 8 * i), SplitMix(ref x));
        }

        Assert.That(new Generator(42UL).GetState(), Is.EqualTo(expected));
        Assert.That(Generator.StateBytes, Is.EqualTo(50));
    }

    [TestCase(0, TestName = "A restored snapshot continues the stream (no spare normal cached)")]
    [TestCase(1, TestName = "A restored snapshot continues the stream (a spare normal cached)")]
    public void A_restored_snapshot_continues_the_same_stream(int oddNormals)
    {
        var original = new Generator(20240917UL);
        for (int i = 0; i < 10; i++)
        {
            original.NextNormal();
        }

        for (int i = 0; i < oddNormals; i++)
        {
            original.NextNormal();
        }

        var state = original.GetState();
        Assert.That(state[41], Is.EqualTo((byte)oddNormals), "an odd number of normals leaves the second Box–Muller value cached");
        var restored = Generator.FromState(state);

        Assert.That(restored.Seed, Is.EqualTo(original.Seed));
        for (int i = 0; i < 1000; i++)
        {
            Assert.That(restored.NextNormal(), Is.EqualTo(original.NextNormal()), $"normal {i}");
            Assert.That(restored.NextDouble(), Is.EqualTo(original.NextDouble()), $"uniform {i}");
            Assert.That(restored.NextInt(-5, 1000), Is.EqualTo(original.NextInt(-5, 1000)), $"integer {i}");
            Assert.That(restored.NextLaplace(1, 2), Is.EqualTo(original.NextLaplace(1, 2)), $"Laplace {i}");
        }

        Assert.That(torch.randn([7, 3], restored).ToArray(), Is.EqualTo(torch.randn([7, 3], original).ToArray()));
        Assert.That(restored.GetState(), Is.EqualTo(original.GetState()));
    }

    [Test]
    public void SetState_moves_an_existing_generator_seed_and_all()
    {
        var source = new Generator(7UL);
        source.NextNormal();
        var target = new Generator(99UL);
        target.SetState(source.GetState());
        Assert.That(target.Seed, Is.EqualTo(7UL));
        Assert.That(target.NextNormal(), Is.EqualTo(source.NextNormal()), "the spare cached by the source's first normal");
        Assert.That(target.NextUInt64(), Is.EqualTo(source.NextUInt64()));
    }

    [Test]
    public void The_largest_spare_normal_bound_is_Box_Mullers()
    {
        // The smallest non-zero uniform NextDouble returns is 2⁻⁵³; r = √(−2 ln u) is largest there.
        double largest = Math.Sqrt(-2 * Math.Log(Math.Pow(2, -53)));
        Assert.That(largest, Is.LessThanOrEqualTo(Generator.MaxSpareNormal));
        Assert.That(Generator.MaxSpareNormal - largest, Is.LessThan(1e-3));
    }

    [TestCase("short", TestName = "A state one byte short is refused")]
    [TestCase("long", TestName = "A state one byte long is refused")]
    [TestCase("version", TestName = "A state of another version is refused")]
    [TestCase("zero", TestName = "A state whose words are all zero is refused")]
    [TestCase("flag", TestName = "A spare flag other than 0 or 1 is refused")]
    [TestCase("leftover", TestName = "Bytes where an absent spare would be are refused")]
    [TestCase("nan", TestName = "A spare normal that is NaN is refused")]
    [TestCase("infinite", TestName = "A spare normal that is infinite is refused")]
    [TestCase("large", TestName = "A spare normal Box–Muller cannot give is refused")]
    public void A_malformed_state_is_refused_and_changes_nothing(string fault)
    {
        var valid = new Generator(5UL);
        valid.NextNormal();
        var state = valid.GetState();
        switch (fault)
        {
            case "short":
                state = state[..^1];
                break;
            case "long":
                state = [.. state, 0];
                break;
            case "version":
                state[0] = 2;
                break;
            case "zero":
                Array.Clear(state, 9, 32);
                break;
            case "flag":
                state[41] = 2;
                break;
            case "leftover":
                state[41] = 0;
                break;
            case "nan":
                BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(42), double.NaN);
                break;
            case "infinite":
                BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(42), double.NegativeInfinity);
                break;
            default:
                BinaryPrimitives.WriteDoubleLittleEndian(state.AsSpan(42), 9.0);
                break;
        }

        var target = new Generator(11UL);
        var before = target.GetState();
        var e = Assert.Throws<ArgumentException>(() => target.SetState(state));
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(target.GetState(), Is.EqualTo(before), "a refused state leaves the generator as it was");
        Assert.Throws<ArgumentException>(() => Generator.FromState(state));
    }
}
