using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Grader.Remote.Training;

/// <summary>
/// The grader's own flow, handed to the hand-in's <see cref="IInnTrainingParts.Loss"/> when the loss is graded as its
/// own part (<see cref="InnGraderTraining"/>, issue 79): z = x·A + c and log|det| = Σ_j w_j tanh(x_j) + v, computed in
/// double from the batch the loss passes and returned as float32 LEAVES with <c>requires_grad</c>, so the grader reads
/// the loss's gradient with respect to z and to the log-determinant itself. A, c, w, v are drawn per run by the grader
/// (the two outputs need not belong to one map: the loss is a function of them). <see cref="Parameters"/> are
/// grader-owned leaves of the hand-in's flow's shapes (drawn values): the formula reaches them only through z and log|det|.
/// <see cref="Inverse"/> is not part of the loss and refuses.
/// </summary>
internal sealed class FlowStandIn : ITrainableFlow
{
    private readonly int _d;
    private readonly double[] _a;
    private readonly double[] _c;
    private readonly double[] _w;
    private readonly double _v;
    private readonly List<Tensor> _parameters;
    private readonly List<(Tensor Z, Tensor LogDet, float[] X)> _calls = [];

    public FlowStandIn(int dataDimension, IReadOnlyList<int[]> shapes, Generator generator)
    {
        _d = dataDimension;
        var draws = randn([_d * _d + 2 * _d + 1], generator).ToArray();
        _a = [.. draws.Take(_d * _d).Select(v => v / Math.Sqrt(_d))];
        _c = [.. draws.Skip(_d * _d).Take(_d).Select(v => 0.5 * v)];
        _w = [.. draws.Skip(_d * _d + _d).Take(_d).Select(v => (double)v)];
        _v = draws[^1];
        _parameters = [.. shapes.Select(s => randn(s, generator).requires_grad_())];
    }

    /// <summary>The Forward calls since the last <see cref="Clear"/>: the leaves returned and the batch as given.</summary>
    public IReadOnlyList<(Tensor Z, Tensor LogDet, float[] X)> Calls => _calls;

    public void Clear() => _calls.Clear();

    public IReadOnlyList<Tensor> Parameters() => _parameters;

    public (Tensor Z, Tensor LogDet) Forward(Tensor x)
    {
        if (x is null || x.dim() != 2 || x.size(1) != _d)
            throw new ArgumentException($"flow.Forward(x) takes x of shape [rows, {_d}].");
        var values = x.detach().contiguous().ToArray();
        int rows = x.size(0);
        var (z, logDet) = Values(values);
        var zLeaf = tensor(z, rows, _d).requires_grad_();
        var logDetLeaf = tensor(logDet, rows).requires_grad_();
        _calls.Add((zLeaf, logDetLeaf, values));
        return (zLeaf, logDetLeaf);
    }

    public Tensor Inverse(Tensor z) => throw new InvalidOperationException("the loss of 2 (a) needs only flow.Forward(x); it must not call flow.Inverse.");

    /// <summary>z [rows·d] and log|det| [rows] in double for a batch x [rows·d] (rounded to float32 by <see cref="Forward"/>).</summary>
    public (double[] Z, double[] LogDet) Values(float[] x)
    {
        var rows = x.Length / _d;
        var z = new double[x.Length];
        var logDet = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var l = _v;
            for (var j = 0; j < _d; j++)
            {
                var s = _c[j];
                for (var k = 0; k < _d; k++) s += x[i * _d + k] * _a[k * _d + j];
                z[i * _d + j] = s;
                l += _w[j] * Math.Tanh(x[i * _d + j]);
            }

            logDet[i] = l;
        }

        return (z, logDet);
    }
}
