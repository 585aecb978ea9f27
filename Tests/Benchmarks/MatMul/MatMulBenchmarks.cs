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
        // The skinny and small products of the training steps (forward NT, input gradient NN, weight gradient TN):
        new("W1 h2", 128, 32, 64, false, true),        // [128,64]·[64,32]: Linear 64→32 on a batch of 128
        new("W1 out", 128, 2, 16, false, true),        // [128,16]·[16,2]: the output layer (n = 2)
        new("W1 dX", 128, 256, 128, false, false),     // [128,128]·[128,256]: the input gradient of Linear 256→128
        new("W1 dW", 128, 256, 128, true, false),      // [128,128]ᵀ·[128,256]: its weight gradient
        new("W3 in", 10_000, 64, 3, false, true),      // [10000,3]·[3,64]: the first layer (k = 3)
        new("W3 out", 10_000, 2, 64, false, true),     // [10000,64]·[64,2]: the output layer (n = 2)
        new("W3 dX out", 10_000, 64, 2, false, false), // [10000,2]·[2,64]: the output layer's input gradient (k = 2)
        new("W3 dW out", 2, 64, 10_000, true, false),  // [10000,2]ᵀ·[10000,64]: its weight gradient (m = 2)
        new("W3 dW in", 64, 3, 10_000, true, false),   // [10000,64]ᵀ·[10000,3]: the first layer's weight gradient (n = 3)
        new("W3 dX", 10_000, 64, 64, false, false),    // [10000,64]·[64,64]: Linear 64→64's input gradient
        new("W4 in", 125, 64, 2, false, true),         // [125,2]·[2,64]: the drift's first layer (k = 2)
        new("W4 out", 125, 1, 64, false, true),        // [125,64]·[64,1]: its output layer (n = 1)
        new("W4 dX out", 125, 64, 1, false, false),    // [125,1]·[1,64]: the output layer's input gradient (k = 1)
        new("W4 dX", 125, 64, 64, false, false),       // [125,64]·[64,64]: a hidden layer's input gradient
        new("W4 dW", 64, 64, 125, true, false),        // [125,64]ᵀ·[125,64]: a hidden layer's weight gradient
        new("W4 dW out", 1, 64, 125, true, false),     // [125,1]ᵀ·[125,64]: the output layer's weight gradient (m = 1)
        new("W4 dW in", 64, 2, 125, true, false),      // [125,64]ᵀ·[125,2]: the first layer's weight gradient (n = 2)
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

    /// <summary>The skinny kernels (<c>SkinnyGemm</c>) where they take the shape, else the managed kernel.</summary>
    [Benchmark(Description = "skinny")]
    public void Skinny()
    {
        if (SkinnyGemm.Takes(Case.TransA, Case.TransB, Case.M, Case.N, Case.K)) SkinnyGemm.Run(Case.TransA, Case.TransB, Case.M, Case.N, Case.K, _a, _lda, _b, _ldb, _c);
        else Managed();
    }
}
