using Grader.Reference.Data;
using static Grader.Tensors.torch;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// DTU's two toy laws (sheet 004, ex. 3.4) drawn at the tutor's run from a family around the printed ones (issue 79
/// item 3), in ToyData's [0, 1]² (the check maps them to [−1, 1]² as ddpm.py does). The sheet prints both in full, so a
/// hand-in could compute their exact posterior-mean denoisers instead of training (cheat
/// <c>toy-data-closed-form-of-the-sheet-law</c>); a drawn law makes that a denoiser of the wrong law.
/// <list type="bullet">
/// <item><b>TwoGaussians</b>: two Gaussian components with diagonal covariances. The printed: weights 1/5 and 4/5 at
/// (0.75, 0.75) and (0.25, 0.25), std 0.1. A drawn one turns the axis from the heavy to the light component by
/// 1.0 … π rad either way about the midpoint (so the heavy component, 4/5 of the mass, lies ≥ 0.30 − 0.085 = 0.21, two
/// of its std, from where the printed law has it: the turn moves it ≥ 0.30 whatever the separation, the midpoint at most
/// 0.085; a turn of π swaps the components), separates the centres by
/// 2 × 0.25 … 0.38 (the printed 2 × 0.354), moves the midpoint within ±0.06, weighs the light component 0.15 … 0.35 and
/// gives each component its own std per axis in 0.07 … 0.13.</item>
/// <item><b>Chequerboard</b>: a 3 × 3 board of squares, the kept squares uniform (equal weights). The printed:
/// side 1 on [0, 1]², axis-aligned, squares (i, j) with i + j even kept (5 squares). A drawn one has side 0.6 … 0.75,
/// its centre within ±0.1 of (0.5, 0.5), turned by 0.25 … 0.5 rad either way, and keeps the even or the odd squares
/// (4 squares) with equal chance. The printed board's samples fall on a drawn board's squares 0.14 … 0.42 of the time
/// (the closed form's samples over 20 drawn boards; a sample of the drawn board itself: 1).</item>
/// </list>
/// Every draw stays a pair of well-separated blobs and a board of 3 × 3 squares, which the networks of ddpm.py's kind
/// learn within the check's budget (docs/measurements/2026-11-29-dtu-drawn-law.md). The hand-in never sees the draw: only
/// batches of the points reach its training.
/// </summary>
/// <param name="Turn">The turn of the heavy-to-light axis from the printed 45° (radians, counter-clockwise).</param>
/// <param name="HalfSeparation">Half the distance between the two centres.</param>
/// <param name="MidX">The midpoint's x.</param>
/// <param name="MidY">The midpoint's y.</param>
/// <param name="LightWeight">The light component's weight (the heavy one's is 1 minus it).</param>
/// <param name="LightStdX">The light component's std along x.</param>
/// <param name="LightStdY">Along y.</param>
/// <param name="HeavyStdX">The heavy component's std along x.</param>
/// <param name="HeavyStdY">Along y.</param>
/// <param name="BoardTurn">The board's turn about its centre (radians, counter-clockwise).</param>
/// <param name="BoardSide">The board's side.</param>
/// <param name="BoardX">The board's centre's x.</param>
/// <param name="BoardY">The board's centre's y.</param>
/// <param name="OddSquares">Whether the board keeps the squares with i + j odd (4) instead of even (5).</param>
public sealed record DtuToyLaw(
    double Turn, double HalfSeparation, double MidX, double MidY, double LightWeight, double LightStdX, double LightStdY, double HeavyStdX, double HeavyStdY,
    double BoardTurn, double BoardSide, double BoardX, double BoardY, bool OddSquares)
{
    /// <summary>The printed laws (<see cref="DtuToyData.TwoGaussians"/>, <see cref="DtuToyData.Chequerboard"/>).</summary>
    public static DtuToyLaw Sheet { get; } = new(0, 0.25 * Math.Sqrt(2), 0.5, 0.5, 0.2, 0.1, 0.1, 0.1, 0.1, 0, 1, 0.5, 0.5, false);

    /// <summary>The family's ranges (see the type's summary).</summary>
    public static readonly (double Min, double Max) TurnRange = (1.0, Math.PI), HalfSeparationRange = (0.25, 0.38), MidRange = (-0.06, 0.06),
        LightWeightRange = (0.15, 0.35), StdRange = (0.07, 0.13), BoardTurnRange = (0.25, 0.5), BoardSideRange = (0.6, 0.75), BoardCentreRange = (-0.1, 0.1);

    /// <summary>A pair of laws of the family, drawn from <paramref name="generator"/> (in the order of the parameters, each turn's sign before its size).</summary>
    public static DtuToyLaw Draw(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        double U((double Min, double Max) r) => r.Min + (r.Max - r.Min) * generator.NextDouble();
        double Signed((double Min, double Max) r) => (generator.NextDouble() < 0.5 ? -1 : 1) * U(r);
        var turn = Signed(TurnRange);
        var half = U(HalfSeparationRange);
        double midX = 0.5 + U(MidRange), midY = 0.5 + U(MidRange);
        var light = U(LightWeightRange);
        double lx = U(StdRange), ly = U(StdRange), hx = U(StdRange), hy = U(StdRange);
        var boardTurn = Signed(BoardTurnRange);
        var side = U(BoardSideRange);
        double bx = 0.5 + U(BoardCentreRange), by = 0.5 + U(BoardCentreRange);
        var odd = generator.NextDouble() < 0.5;
        return new DtuToyLaw(turn, half, midX, midY, light, lx, ly, hx, hy, boardTurn, side, bx, by, odd);
    }

    /// <summary>The TwoGaussians of this draw, light component first (as the printed law lists it).</summary>
    public GaussianMixture TwoGaussians()
    {
        var angle = Math.PI / 4 + Turn;
        double dx = HalfSeparation * Math.Cos(angle), dy = HalfSeparation * Math.Sin(angle);
        return new GaussianMixture(
            [LightWeight, 1 - LightWeight],
            [[MidX + dx, MidY + dy], [MidX - dx, MidY - dy]],
            [[LightStdX * LightStdX, LightStdY * LightStdY], [HeavyStdX * HeavyStdX, HeavyStdY * HeavyStdY]]).Validate();
    }

    /// <summary>The Chequerboard of this draw.</summary>
    public Board Chequerboard() => new(BoardTurn, BoardSide, BoardX, BoardY, OddSquares);

    /// <summary>"TwoGaussians turned 1.52 rad, …; Chequerboard side 0.71, …": for the tutor's detail.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"TwoGaussians turned {Turn:F2} rad from the sheet's, centres {2 * HalfSeparation:F2} apart about ({MidX:F2}, {MidY:F2}), weights {LightWeight:F2} and {1 - LightWeight:F2}, stds ({LightStdX:F3}, {LightStdY:F3}) and ({HeavyStdX:F3}, {HeavyStdY:F3}); Chequerboard of side {BoardSide:F2} centred at ({BoardX:F2}, {BoardY:F2}), turned {BoardTurn:F2} rad, the {(OddSquares ? "odd" : "even")} squares kept");

    /// <summary>
    /// A 3 × 3 board of side <see cref="Side"/> centred at (<see cref="X"/>, <see cref="Y"/>) and turned by
    /// <see cref="Turn"/>, an equal-weight mixture of uniforms on its kept squares (i + j even, or odd).
    /// </summary>
    public sealed record Board(double Turn, double Side, double X, double Y, bool Odd) : IToyDistribution
    {
        private const int Grid = 3;

        public int Dim => 2;

        /// <summary>The kept squares (i along the board's x, j along its y).</summary>
        public IReadOnlyList<(int I, int J)> Squares =>
            [.. Enumerable.Range(0, Grid * Grid).Select(k => (I: k / Grid, J: k % Grid)).Where(s => (s.I + s.J) % 2 == (Odd ? 1 : 0))];

        /// <summary>A square uniformly, then a uniform point in it, turned and moved; shape [n, 2].</summary>
        public Tensor Sample(int n, Generator generator)
        {
            ArgumentNullException.ThrowIfNull(generator);
            var squares = Squares;
            var cell = Side / Grid;
            double c = Math.Cos(Turn), s = Math.Sin(Turn);
            var d = new float[2 * n];
            for (var r = 0; r < n; r++)
            {
                var (i, j) = squares[(int)generator.NextInt(0, squares.Count)];
                var u = (i + generator.NextDouble()) * cell - Side / 2;
                var v = (j + generator.NextDouble()) * cell - Side / 2;
                d[2 * r] = (float)(X + c * u - s * v);
                d[2 * r + 1] = (float)(Y + s * u + c * v);
            }

            return tensor(d, n, 2);
        }

        /// <summary>Whether (x, y) lies on a kept square (closed squares).</summary>
        public bool InSupport(double x, double y)
        {
            double c = Math.Cos(Turn), s = Math.Sin(Turn), dx = x - X, dy = y - Y;
            double u = c * dx + s * dy + Side / 2, v = -s * dx + c * dy + Side / 2;
            if (u < 0 || v < 0 || u > Side || v > Side) return false;
            var cell = Side / Grid;
            int i = Math.Min((int)(u / cell), Grid - 1), j = Math.Min((int)(v / cell), Grid - 1);
            return (i + j) % 2 == (Odd ? 1 : 0);
        }

        /// <summary>log p for x of shape [n, 2]: ln(1/(squares · cell²)) on the support, −∞ off it.</summary>
        public Tensor LogProb(Tensor x)
        {
            ArgumentNullException.ThrowIfNull(x);
            if (x.dim() != 2 || x.size(1) != 2) throw new ArgumentException($"Board.LogProb: expected points of shape [n, 2], got [{string.Join(", ", x.shape)}]");
            var v = x.contiguous().ToArray();
            var n = x.size(0);
            var cell = Side / Grid;
            var inside = -Math.Log(Squares.Count * cell * cell);
            var r = new double[n];
            for (var i = 0; i < n; i++) r[i] = InSupport(v[2 * i], v[2 * i + 1]) ? inside : double.NegativeInfinity;
            return tensor(r, n);
        }
    }
}
