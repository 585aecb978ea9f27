namespace Grader.Benchmarks.Workloads;

/// <summary>
/// One benchmark workload: the constructor sets it up and runs one warm-up step, <see cref="Step"/> runs one more.
/// Each mirrors the class of the same name in <c>Peer/workloads.py</c> line by line (shapes, layers, optimiser, batch),
/// so that steps per second on the two sides measure the same arithmetic.
/// </summary>
public interface IWorkload
{
    void Step();
}

/// <summary>A workload's name, what it is, where it comes from, and how to build it.</summary>
public sealed record WorkloadInfo(string Name, string Description, string Sheet, Func<IWorkload> Create)
{
    /// <summary>W1–W5, in order.</summary>
    public static IReadOnlyList<WorkloadInfo> All { get; } =
    [
        new("W1", "Heidelberg V train step (T=250, batch 128, MSE, Adam 1e-3)", "Heidelberg MLPh sheet 10, ex. 1 (seed-origins §1)", () => new W1HeidelbergTrainStep()),
        new("W2", "Heidelberg reverse process, 1000 points x 250 steps, posterior variance, no_grad", "Heidelberg MLPh sheet 10, ex. 1 (a) (seed-origins §1)", () => new W2HeidelbergReverseProcess()),
        new("W3", "DTU FcNetwork train step (T=1000, 3-64-64-2 ReLU, batch 10000, Adam 1e-3)", "DTU 02460 week 3, ddpm.py (seed-origins §3)", () => new W3DtuTrainStep()),
        new("W4", "Copenhagen ODE train step (RK4 x 99 steps, df/dx by autograd.grad create_graph, batch 125, Adam 1e-2)", "KU DL Assignment 4.2, ODE.ipynb (seed-origins §4)", () => new W4OdeTrainStep()),
        new("W5", "INN train step (8 affine couplings on 3 features, subnet 2-512-2, batch 1024, Adam 1e-3)", "Heidelberg MLPh sheet 10, ex. 2 (seed-origins §2)", () => new W5InnTrainStep()),
    ];

    /// <summary>The workloads an <c>--only</c> list names (case-insensitive; null: all); a name that is none of them is an error.</summary>
    public static IReadOnlyList<WorkloadInfo> Only(string[]? only)
    {
        var workloads = All.Where(w => only is null || only.Contains(w.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (only != null && workloads.Count != only.Length)
            throw new ArgumentException($"--only: unknown workload in '{string.Join(",", only)}' (known: {string.Join(", ", All.Select(w => w.Name))})");
        return workloads;
    }
}
