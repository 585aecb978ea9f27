namespace Grader.Reference.Flows;

/// <summary>
/// The architecture and optimiser of the reference INN. <see cref="Notebook"/> is the sheet-10 notebook's FrEIA design
/// (seed-origins §2): 8 <c>AllInOneBlock</c>s with <c>permute_soft=True</c>, subnet Linear(→512), ReLU, Linear,
/// clamp 2, Adam lr 10⁻³, batch 1024.
/// </summary>
public sealed record InnSettings(
    int Channels = 3,
    int Blocks = 8,
    int HiddenWidth = 512,
    double Clamp = AffineCoupling.DefaultClamp,
    PermutationKind Permutation = PermutationKind.Soft,
    double LearningRate = 1e-3,
    int BatchSize = 1024)
{
    /// <summary>The notebook's INN on the three preprocessed features.</summary>
    public static readonly InnSettings Notebook = new();

    /// <summary>Throws when a setting is out of range.</summary>
    public InnSettings Validate()
    {
        if (Channels < 2) throw new ArgumentException($"InnSettings: need at least 2 channels, got {Channels}");
        if (Blocks < 1 || HiddenWidth < 1 || BatchSize < 1) throw new ArgumentException($"InnSettings: blocks, hidden width and batch size must be ≥ 1, got {Blocks}, {HiddenWidth}, {BatchSize}");
        if (!(Clamp > 0) || !double.IsFinite(Clamp)) throw new ArgumentException($"InnSettings: the clamp must be positive, got {Clamp}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"InnSettings: the learning rate must be positive, got {LearningRate}");
        return this;
    }
}
