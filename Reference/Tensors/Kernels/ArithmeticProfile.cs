using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;

namespace Grader.Tensors;

/// <summary>
/// What decides this process's floating-point results beyond the inputs: the matrix-product kernels (OpenBLAS and the
/// core type whose kernels it dispatched to, the managed kernel, or both, chosen by shape) and the vector instructions the JIT uses for the
/// element-wise and reduction kernels (their width sets the order of a sum). Two processes with equal profiles compute
/// every op bit for bit alike; OpenBLAS always runs on one thread here (<see cref="Gemm"/>), so its thread count is not
/// part of it. Different machines, OpenBLAS versions or core types agree only to rounding: checks compare within
/// derived tolerances, never bit for bit across them.
/// </summary>
/// <param name="Blas">"openblas", "managed+openblas" (the managed kernel for the shapes it fills, OpenBLAS for the rest,
/// decided by shape; see <see cref="Gemm"/>) or "managed".</param>
/// <param name="BlasCore">OpenBLAS's core type (e.g. "Haswell", "Cooperlake") when OpenBLAS computes any product, else null.</param>
/// <param name="VectorBits">The widest hardware-accelerated vector: 512, 256, 128, or 0.</param>
/// <param name="Fma">Whether fused multiply-add instructions are used.</param>
public sealed partial record ArithmeticProfile(string Blas, string? BlasCore, int VectorBits, bool Fma)
{
    /// <summary>This process's profile.</summary>
    public static ArithmeticProfile Current =>
        new(Gemm.Backend, Gemm.Backend != "managed" ? Gemm.NativeCoreName : null,
            Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0,
            System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported);

    /// <summary>
    /// The environment a child process of this one needs to compute as this one does: the same matrix-product kernel
    /// (OpenBLAS pinned to this process's core type, or the managed kernel) and this process's settings of the JIT's
    /// instruction-set switches. A worker that clears its environment adds these back.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ChildEnvironment()
    {
        var environment = new List<KeyValuePair<string, string>>();
        var profile = Current;
        if (profile.Blas == "managed" && Environment.GetEnvironmentVariable(Gemm.ForceManagedVariable) == "1")
        {
            environment.Add(new(Gemm.ForceManagedVariable, "1"));
        }
        else if (profile.BlasCore is { Length: > 0 } core)
        {
            environment.Add(new("OPENBLAS_CORETYPE", core));
        }

        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string name && e.Value is string value && InstructionSetSwitch().IsMatch(name))
            {
                environment.Add(new(name, value));
            }
        }

        return environment.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One line for a run's record: "openblas (Haswell), 512-bit vectors, FMA".</summary>
    public override string ToString() =>
        $"{Blas}{(BlasCore is null ? "" : $" ({BlasCore})")}, {(VectorBits == 0 ? "no" : VectorBits.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-bit")} vectors{(Fma ? ", FMA" : "")}";

    [GeneratedRegex("^(DOTNET|COMPlus)_(Enable(HWIntrinsic|SSE\\w*|SSSE3|AVX\\w*|FMA|BMI\\d|LZCNT|POPCNT|AdvSimd\\w*|Arm64\\w*|Vector\\w*)|PreferredVectorBitWidth|MaxVectorTBitWidth)$", RegexOptions.CultureInvariant)]
    private static partial Regex InstructionSetSwitch();
}
