using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Grader.Tensors;

/// <summary>The activation a product's epilogue applies after its bias row (tanh is not fused: it runs as its own pass).</summary>
internal enum EpilogueActivation { None, Relu, Elu }

/// <summary>
/// What a linear layer does to its product C [m, n] after the last multiply-add: C[r, j] ← act(C[r, j] + bias[j]),
/// the bias added in float (one rounding) and then ReLU or ELU. The register-blocked kernel (<see cref="BlockedGemm"/>)
/// applies it to each block of rows of C right after writing their final sums, while they are still in L2 (a
/// [10000, 64] layer's output is 2.5 MB: a pass over it afterwards runs from memory); every other backend runs it
/// afterwards as passes over the whole of C (<see cref="ApplyRows"/>: the passes addmm ran before). <see cref="Gemm.Run(bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, GemmEpilogue)"/>
/// fuses the bias and ReLU; ELU, which measured no faster fused (its e^x − 1 is bound by arithmetic), stays a pass.
/// Both give the same bits: every operation is element by element, and the 512-bit, 256-bit and scalar forms of ReLU
/// and ELU do the same operations lane by lane (ReLU as <see cref="TensorPrimitives.Max(ReadOnlySpan{float}, float, Span{float})"/>
/// with 0: NaN stays NaN, −0 becomes +0).
/// </summary>
internal readonly ref struct GemmEpilogue(ReadOnlySpan<float> bias, EpilogueActivation activation, float alpha)
{
    /// <summary>The row added to every row of C (n elements); empty: no epilogue.</summary>
    public ReadOnlySpan<float> Bias { get; } = bias;

    public EpilogueActivation Activation { get; } = activation;

    /// <summary>ELU's α (0 &lt; α &lt; ∞; unused for the others).</summary>
    public float Alpha { get; } = alpha;

    public bool IsEmpty => Bias.IsEmpty;

    /// <summary>The epilogue as whole-matrix passes over C [·, Bias.Length]: the bias row, then the activation.</summary>
    public void ApplyRows(Span<float> c)
    {
        if (IsEmpty) return;
        if (Activation == EpilogueActivation.Elu) { Elementwise.AddRowElu(c, Bias, Alpha); return; }
        Elementwise.AddRowInPlace(c, Bias);
        if (Activation == EpilogueActivation.Relu) TensorPrimitives.Max(c, 0f, c);
    }

    /// <summary>
    /// The epilogue on one block of C: <paramref name="rows"/> × <paramref name="cols"/> elements at <paramref name="c"/> (row
    /// stride <paramref name="ldc"/>), whose columns take the bias from <paramref name="bias"/> on.
    /// </summary>
    public static unsafe void ApplyTile(float* c, int rows, int cols, nint ldc, float* bias, EpilogueActivation act, float alpha)
    {
        bool wide = Vector512.IsHardwareAccelerated, narrow = Vector256.IsHardwareAccelerated && Vector<float>.Count == 8;
        var alpha512 = Vector512.Create(alpha);
        var alpha256 = new Vector<float>(alpha);
        for (int i = 0; i < rows; i++, c += ldc)
        {
            int j = 0;
            if (wide)
                for (; j + 16 <= cols; j += 16)
                {
                    var x = Vector512.Load(c + j) + Vector512.Load(bias + j);
                    if (act == EpilogueActivation.Relu) x = Relu(x);
                    else if (act == EpilogueActivation.Elu) x = Elementwise.Elu(x, alpha512);
                    x.Store(c + j);
                }
            if (narrow)
                for (; j + 8 <= cols; j += 8)
                {
                    var x = Vector256.Load(c + j) + Vector256.Load(bias + j);
                    if (act == EpilogueActivation.Relu) x = Relu(x);
                    else if (act == EpilogueActivation.Elu) x = Elementwise.Elu(x.AsVector(), alpha256).AsVector256();
                    x.Store(c + j);
                }
            for (; j < cols; j++)
            {
                float x = c[j] + bias[j];
                c[j] = act switch
                {
                    EpilogueActivation.Relu => x > 0f || float.IsNaN(x) ? x : 0f,
                    EpilogueActivation.Elu => Elementwise.Elu(x, alpha),
                    _ => x,
                };
            }
        }
    }

    /// <summary>max(x, 0) as TensorPrimitives.Max gives it: x where x &gt; 0 or x is NaN, else +0.</summary>
    private static Vector512<float> Relu(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero) | ~Vector512.Equals(x, x), x, Vector512<float>.Zero);

    private static Vector256<float> Relu(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x), x, Vector256<float>.Zero);
}
