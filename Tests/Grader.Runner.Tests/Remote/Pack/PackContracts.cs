using Grader.Tensors;

// Contract types of a test pack, defined in the test project: the channel must carry every kind of value they use,
// and a real host must load them from the assembly the grader sends. Hand-ins in the tests implement them.
namespace Grader.Runner.Tests.Remote.Pack;

/// <summary>A flow's output as a positional record.</summary>
public sealed record FlowOutput(Tensor Z, Tensor LogDet);

/// <summary>A VAE encoder's output as an init-only record.</summary>
public sealed record Gaussian
{
    public Tensor Mu { get; init; } = null!;

    public Tensor LogVar { get; init; } = null!;

    /// <summary>Derived: recomputed on the other side, never sent.</summary>
    public int Batch => Mu.shape[0];
}

public enum Solver
{
    Euler = 1,
    Rk4 = 4,
}

[Flags]
public enum Parts
{
    None = 0,
    Mean = 1,
    Variance = 2,
}

/// <summary>Every scalar kind, nullable ones and enums.</summary>
public sealed record Settings(int Steps, long Budget, float Scale, double Tolerance, bool Adaptive, string? Name, Solver Solver, Parts Parts, int? Limit, Solver? Fallback);

/// <summary>Nesting: a list of tuples, an array of nullable records, a set, a handle.</summary>
public sealed record Nested(IReadOnlyList<(Tensor X, double W)> Items, Gaussian?[] Maybe, IReadOnlySet<int> Ids, IVectorField? Field);

/// <summary>A record whose constructor refuses some values.</summary>
public sealed record Positive
{
    public Positive(int value) => Value = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");

    public int Value { get; }
}

/// <summary>A vector field f(t, x) the grader gives a hand-in, or a hand-in gives back.</summary>
public interface IVectorField
{
    Tensor At(double t, Tensor x);
}

public interface ITestFlow
{
    (Tensor Z, Tensor LogDet) Forward(Tensor x);

    FlowOutput Couple(Tensor x);
}

public interface ITestVae
{
    Gaussian Encode(Tensor x);
}

public interface ITestOde
{
    /// <summary>Euler steps of <paramref name="field"/> from <paramref name="x0"/> at <paramref name="times"/>: one tensor per time.</summary>
    IReadOnlyList<Tensor> Trajectory(Tensor x0, IReadOnlyList<double> times, IVectorField field);

    Settings Echo(Settings settings);

    Nested Mirror(Nested nested);

    IVectorField Field();

    Positive Make(int value);

    IReadOnlySet<Solver> Solvers(Solver[] given);
}
