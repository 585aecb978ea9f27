using System.Text.Json.Serialization;

namespace Grader.Checks.Flows.Support;

/// <summary>
/// A coupling subnetwork the grader builds (<see cref="FixedSubnet"/>): Linear(inputs → hidden), the activation,
/// Linear(hidden → outputs), every weight and bias drawn from U(−1/√fan-in, 1/√fan-in) (PyTorch's default) with the
/// generator of <see cref="Seed"/> and multiplied by <see cref="WeightScale"/> (at 10 and more the soft clamp of the
/// coupling saturates).
/// </summary>
/// <param name="Seed">Seed of the weights.</param>
/// <param name="Inputs">Width of the block's first part x₁.</param>
/// <param name="Outputs">Number of coefficients, twice the width of the block's second part.</param>
/// <param name="Hidden">Hidden width.</param>
/// <param name="WeightScale">Factor on every weight and bias.</param>
/// <param name="Activation">The non-linearity.</param>
public sealed record SubnetSpec(
    ulong Seed,
    int Inputs,
    int Outputs,
    int Hidden,
    double WeightScale,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SubnetActivation>))] SubnetActivation Activation)
{
    /// <summary>The subnetwork of this spec (a fresh object: its call counter starts at 0).</summary>
    public FixedSubnet Create() => new(this);

    /// <summary>The spec of a block with <paramref name="channels"/> channels: inputs C − ⌊C/2⌋, outputs 2·⌊C/2⌋.</summary>
    public static SubnetSpec ForChannels(int channels, ulong seed, int hidden, double weightScale, SubnetActivation activation)
    {
        if (channels < 2) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a coupling block has at least 2 channels");
        return new(seed, channels - channels / 2, 2 * (channels / 2), hidden, weightScale, activation);
    }
}
