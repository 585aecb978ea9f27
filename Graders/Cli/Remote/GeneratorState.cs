using System.Reflection;
using Grader.Tensors;

namespace Grader.Cli.Remote;

/// <summary>
/// The full state of a <see cref="Generator"/> (xoshiro256** words, the spare Box–Muller normal, the seed), so the host
/// draws exactly the numbers the hand-in would draw in the grader, and the grader's generator ends where the hand-in
/// left it. <see cref="Generator"/> has no public state, so this reads and writes its private fields (trusted code on
/// both sides; a public <c>Generator.State</c> in Grader.Tensors would make this unnecessary).
/// </summary>
public readonly record struct GeneratorState(ulong Seed, ulong S0, ulong S1, ulong S2, ulong S3, double? Spare)
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
    private static readonly FieldInfo F0 = Field("_s0");
    private static readonly FieldInfo F1 = Field("_s1");
    private static readonly FieldInfo F2 = Field("_s2");
    private static readonly FieldInfo F3 = Field("_s3");
    private static readonly FieldInfo FSpare = Field("_spareNormal");

    public static GeneratorState Of(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new GeneratorState(generator.Seed, (ulong)F0.GetValue(generator)!, (ulong)F1.GetValue(generator)!, (ulong)F2.GetValue(generator)!,
            (ulong)F3.GetValue(generator)!, (double?)FSpare.GetValue(generator));
    }

    /// <summary>A generator in this state.</summary>
    public Generator Create()
    {
        var generator = new Generator(Seed);
        ApplyTo(generator);
        return generator;
    }

    /// <summary>Puts <paramref name="generator"/> into this state (its seed stays).</summary>
    public void ApplyTo(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        F0.SetValue(generator, S0);
        F1.SetValue(generator, S1);
        F2.SetValue(generator, S2);
        F3.SetValue(generator, S3);
        FSpare.SetValue(generator, Spare);
    }

    public void Write(FrameWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteULong(Seed);
        writer.WriteULong(S0);
        writer.WriteULong(S1);
        writer.WriteULong(S2);
        writer.WriteULong(S3);
        writer.WriteBool(Spare.HasValue);
        writer.WriteDouble(Spare ?? 0);
    }

    public static GeneratorState Read(FrameReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var state = new GeneratorState(reader.ReadULong(), reader.ReadULong(), reader.ReadULong(), reader.ReadULong(), reader.ReadULong(), null);
        bool hasSpare = reader.ReadBool();
        double spare = reader.ReadDouble();
        if (state.S0 == 0 && state.S1 == 0 && state.S2 == 0 && state.S3 == 0)
        {
            throw new RemoteHostException("a generator state is all zeros (xoshiro256** would return only zeros)");
        }

        return state with { Spare = hasSpare ? spare : null };
    }

    private static FieldInfo Field(string name) =>
        typeof(Generator).GetField(name, Private) ?? throw new MissingFieldException(typeof(Generator).FullName, name);
}
