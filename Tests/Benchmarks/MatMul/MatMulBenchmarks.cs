using BenchmarkDotNet.Attributes;

namespace Grader.Benchmarks.MatMul;

/// <summary>
/// cblas_sgemm (OpenBLAS) against the managed kernel (the register-blocked one where the machine has its vectors) at the workloads' sizes, calling the engine's internal
/// kernels directly (<c>Gemm.RunNative</c>, <c>ManagedGemm.Run</c>) on preallocated operands.
/// </summary>
public class MatMulBenchmarks
{
    public static IEnumerable<MatMulCase> Cases { get; } =
    [
        new("W1 fwd", 128, 128, 256, false, true),     // [128,256]·[256,128]: Linear 256→128 on a batch of 128
        new("W3 fwd", 10_000, 64, 64, false, true),    // [10000,64]·[64,64]: Linear 64→64 on 10 000 points
        new("W3 dW", 64, 64, 10_000, true, false),     // [10000,64]ᵀ·[10000,64]: its weight gradient
        new("W5 fwd", 1024, 2, 512, false, true),      // [1024,512]·[512,2]: the coupling subnet's output layer
        new("W4 fwd", 125, 64, 64, false, true),       // [125,64]·[64,64]: the ODE drift's hidden layer
        new("W2 fwd", 1000, 128, 256, false, true),    // [1000,256]·[256,128]: the notebook's first layer (unsplit)
        new("W2 x", 1000, 128, 128, false, true),      // [1000,128]·[128,128]: the split first layer (x_emb's half)
        new("W2 h1", 1000, 64, 128, false, true),      // [1000,128]·[128,64]: Linear 128→64
        new("W2 h2", 1000, 32, 64, false, true),       // [1000,64]·[64,32]: Linear 64→32
        new("W5 dh", 1024, 512, 2, false, false),      // [1024,2]·[2,512]: the coupling subnet's hidden gradient (k = 2)
    ];

    [ParamsSource(nameof(Cases))]
    public MatMulCase Case { get; set; } = null!;

    private float[] _a = [], _b = [], _c = [];
    private int _lda, _ldb;

    [GlobalSetup]
    public void Setup()
    {
        var g = new Generator(0);
        _a = randn([Case.M * Case.K], g).ToArray();
        _b = randn([Case.K * Case.N], g).ToArray();
        _c = new float[Case.M * Case.N];
        _lda = Case.TransA ? Case.M : Case.K;
        _ldb = Case.TransB ? Case.K : Case.N;
        if (!Gemm.NativeAvailable) throw new InvalidOperationException($"OpenBLAS is not available here; install it with {Peer.PythonPeer.InstallHint}");
    }

    [Benchmark(Baseline = true, Description = "OpenBLAS")]
    public void OpenBlas() => Gemm.RunNative(Case.TransA, Case.TransB, Case.M, Case.N, Case.K, _a, _lda, _b, _ldb, _c);

    [Benchmark(Description = "managed")]
    public void Managed() => ManagedGemm.Run(Case.TransA, Case.TransB, Case.M, Case.N, Case.K, _a, _lda, _b, _ldb, _c);
}
