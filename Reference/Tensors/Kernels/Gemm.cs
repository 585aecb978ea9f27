using System.Runtime.InteropServices;

namespace Grader.Tensors;

/// <summary>
/// Single-precision matrix products C = op(A)·op(B) (row-major). Three backends:
/// <list type="bullet">
/// <item>"openblas": OpenBLAS's <c>cblas_sgemm</c>, when the library loads (Debian: <c>libopenblas0-pthread</c>) and the
/// machine has neither 512-bit vectors nor 256-bit vectors with FMA;</item>
/// <item>"managed+openblas": with 512-bit vectors and OpenBLAS, the managed 12 × 32 register-blocked kernel
/// (<see cref="BlockedGemm"/>) for every product whose tiles it fills (<see cref="BlockedGemm.Fills"/>; it runs these
/// at 1.5–2× the rate of OpenBLAS 0.3.21, whose kernels on such cores are its 256-bit Haswell ones), OpenBLAS for the skinny
/// rest; with 256-bit vectors and FMA only, the skinny kernels (<see cref="SkinnyGemm"/>: layers with at most 4
/// outputs or inputs) and the 6 × 16 kernel for the large-batch products (<see cref="BlockedGemm.NarrowWins"/>), where
/// each measured faster than OpenBLAS, OpenBLAS for the rest — which one is decided by the shape and the vector width
/// alone (both are in <see cref="ArithmeticProfile"/>);</item>
/// <item>"managed": the managed kernel for everything (<see cref="ManagedGemm"/>), when OpenBLAS does not load or when
/// the environment variable <c>GRADER_TENSORS_MANAGED_GEMM=1</c> forces it.</item>
/// </list>
/// OpenBLAS is set to one thread
/// when it loads: its result depends on its thread count (the blocking changes), and the grader, its hosts and a
/// student's self-check must compute alike whatever <c>OPENBLAS_NUM_THREADS</c> says (<see cref="ArithmeticProfile"/>).
/// </summary>
internal static class Gemm
{
    public const string ForceManagedVariable = "GRADER_TENSORS_MANAGED_GEMM";

    private static readonly Lazy<SgemmFn?> Native = new(LoadNative);

    /// <summary>"openblas", "managed+openblas" or "managed": which kernels <see cref="Run"/> uses in this process.</summary>
    public static string Backend => !UseNative ? "managed" : BlockedGemm.IsSupported ? "managed+openblas" : "openblas";

    private static bool UseNative => !ForcedManaged && Native.Value != null;

    /// <summary>
    /// <see cref="ForceManagedVariable"/> as it was when this process first asked (or at the last <see cref="ReadForceManaged"/>):
    /// read once, not on every product (reading the environment on each was ≈ 1.5 % of a V training check's host,
    /// docs/measurements/2026-11-27-training-checks-host-cpu.md). A tutor sets it before the grader starts; a test that sets
    /// it inside a process calls <see cref="ReadForceManaged"/> after setting and after restoring it.
    /// </summary>
    private static bool ForcedManaged => (_forcedManaged ??= ReadForceManaged());

    private static bool? _forcedManaged;

    /// <summary>Reads <see cref="ForceManagedVariable"/> again (for tests that switch it inside a process) and returns it.</summary>
    internal static bool ReadForceManaged() => (bool)(_forcedManaged = Environment.GetEnvironmentVariable(ForceManagedVariable) == "1");

    public static bool NativeAvailable => Native.Value != null;

    /// <summary>The core type OpenBLAS dispatched to (<c>openblas_get_corename</c>), or null when it is not loaded.</summary>
    public static string? NativeCoreName => Native.Value == null ? null : _coreName;

    private static string? _coreName;

    /// <summary>C[m,n] = A·B where A is m×k (or k×m when transA) and B is k×n (or n×k when transB), leading dims lda/ldb.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c) =>
        Run(transA, transB, m, n, k, a, lda, b, ldb, c, default);

    /// <summary>
    /// As above, then C[r, j] ← act(C[r, j] + bias[j]) (<paramref name="epilogue"/>, empty: nothing): inside the
    /// register-blocked kernel block by block when it runs the product (bias and ReLU), else as passes over C
    /// afterwards; the same bits.
    /// </summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c,
        GemmEpilogue epilogue)
    {
        if (m == 0 || n == 0) return;
        if (k == 0) { c.Slice(0, ShapeUtil.Numel([m, n], "gemm")).Clear(); epilogue.ApplyRows(c.Slice(0, m * n)); return; }
        bool native = UseNative;   // read once: it reads the environment (1 % of W4's time when read twice per call)
        bool blocked = native && (BlockedGemm.Wide ? BlockedGemm.Fills(m, n)
            : !(SkinnyGemm.IsSupported && SkinnyGemm.Takes(transA, transB, m, n, k)) && BlockedGemm.Narrow && BlockedGemm.NarrowWins(transA, m, n));
        if (blocked && epilogue.Activation != EpilogueActivation.Elu)
        {
            BlockedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, c, BlockedGemm.Wide, epilogue);
            return;
        }
        // ELU stays a pass after the product: fused it measured 1–3 % slower on both kernels (matmul --cpu --epilogue,
        // 2026-11-26): its e^x − 1 is bound by arithmetic, and W2's outputs already sit in L2, so there is no pass to save.
        // On each 6 × 16 tile it was slower still: from L1 right after the tile's kernel call W2 ran at 0.87 of its rate,
        // on the kernel's registers before the stores at 0.5 (steps, emulated, 2026-11-26 round 4).
        if (blocked) BlockedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, c, BlockedGemm.Wide);
        else if (!native) ManagedGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, c);
        else if (!BlockedGemm.Wide && SkinnyGemm.IsSupported && SkinnyGemm.Takes(transA, transB, m, n, k)) SkinnyGemm.Run(transA, transB, m, n, k, a, lda, b, ldb, c);
        else RunNative(transA, transB, m, n, k, a, lda, b, ldb, c);
        epilogue.ApplyRows(c.Slice(0, m * n));
    }

    internal static unsafe void RunNative(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c)
    {
        CheckOperands(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length);
        var fn = Native.Value ?? throw new InvalidOperationException("OpenBLAS is not available");
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
            fn(101 /*RowMajor*/, transA ? 112 : 111, transB ? 112 : 111, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
    }

    /// <summary>
    /// Refuses a call whose spans are shorter than the matrices the sizes and leading dims describe (in long
    /// arithmetic), or whose leading dims are below the row length: BLAS reads raw pointers and would not stop.
    /// </summary>
    internal static void CheckOperands(bool transA, bool transB, int m, int n, int k, int aLength, int lda, int bLength, int ldb, int cLength)
    {
        static long Extent(long rows, long cols, long ld) => rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
        long ra = transA ? k : m, ca = transA ? m : k, rb = transB ? n : k, cb = transB ? k : n;
        if (m < 0 || n < 0 || k < 0 || lda < Math.Max(ca, 1) || ldb < Math.Max(cb, 1)
            || Extent(ra, ca, lda) > aLength || Extent(rb, cb, ldb) > bLength || (long)m * n > cLength)
            throw new ArgumentException($"gemm: operands of {aLength}, {bLength} and {cLength} elements (lda {lda}, ldb {ldb}) do not hold an {m}×{k} by {k}×{n} product");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private unsafe delegate void SgemmFn(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetNumThreadsFn(int threads);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GetCoreNameFn();

    private static SgemmFn? LoadNative()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll", "openblas" })
        {
            if (!NativeLibrary.TryLoad(name, out var handle)) continue;
            if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var fn))
            {
                if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
                    Marshal.GetDelegateForFunctionPointer<SetNumThreadsFn>(setThreads)(1);
                if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var coreName))
                    _coreName = Marshal.PtrToStringAnsi(Marshal.GetDelegateForFunctionPointer<GetCoreNameFn>(coreName)())?.Trim();
                return Marshal.GetDelegateForFunctionPointer<SgemmFn>(fn);
            }
        }
        return null;
    }
}
