using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Reference.Data;

/// <summary>
/// A 2-D array read from (or to be written to) a NumPy <c>.npy</c> file: <see cref="Rows"/>×<see cref="Columns"/>
/// values in C (row-major) order, held in double whatever the file's element type (float32 values are exact in double).
/// </summary>
public sealed record NpyMatrix
{
    public NpyMatrix(int rows, int columns, double[] values, NpyElementType elementType)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if ((long)rows * columns != values.Length)
            throw new ArgumentException($"NpyMatrix: {rows}×{columns} needs {(long)rows * columns} values, got {values.Length}");
        Rows = rows;
        Columns = columns;
        Values = values;
        ElementType = elementType;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Row-major: element (i, j) is <c>Values[i·Columns + j]</c>.</summary>
    public double[] Values { get; }

    /// <summary>The element type of the file (float32 or float64).</summary>
    public NpyElementType ElementType { get; }

    public double this[int row, int column] => Values[(long)row * Columns + column];

    /// <summary>The values as a float32 tensor [Rows, Columns] (float64 values are rounded once).</summary>
    public Tensor ToTensor() => tensor(Values, Rows, Columns);

    /// <summary>A float32 matrix holding the tensor's values (any 2-D tensor, contiguous or not).</summary>
    public static NpyMatrix FromTensor(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.dim() != 2) throw new ArgumentException($"NpyMatrix.FromTensor: need a 2-D tensor, got shape [{string.Join(", ", matrix.shape)}]");
        return new NpyMatrix(matrix.size(0), matrix.size(1), matrix.contiguous().ToDoubleArray(), NpyElementType.Float32);
    }
}

/// <summary>The element types <see cref="NpyFile"/> reads: little-endian IEEE floats (NumPy's <c>&lt;f4</c>, <c>&lt;f8</c>).</summary>
public enum NpyElementType
{
    Float32,
    Float64,
}
