using Grader.Contracts.Gan;
using static Grader.Tensors.torch;

namespace Grader.Checks.Gan;

/// <summary>
/// TUM exam 2023, P3 (b) (sheet 002): the hand-in's D* maximises V(D) = ½ 𝔼_{p*}[log D] + ½ 𝔼_{p_θ}[log(1 − D)]. V is a
/// sum over points of f(D) = p* log D + p_θ log(1 − D), so D* must maximise each f on [0, 1]: at every point the check
/// compares f(D*) (in double) with f at D* ± <see cref="Step"/> (and at 0 and 1 where one density is 0), on
/// <see cref="Calls"/> calls of density values drawn from the run's seed (<see cref="Draw"/>).
/// Tolerance: f(D*) may fall short of its neighbours by what a float32 D* within τ of the maximiser costs
/// (<see cref="OptimalDiscriminatorTolerance.OfObjective"/>: second order where both densities are positive, first order
/// at an end of [0, 1] where one is 0). A wrong D* loses about |f′|·Step ≫ that to a neighbour. Points where both
/// densities are 0 accept any D in [0, 1]. A D* at most <see cref="OptimalDiscriminatorTolerance.OutsideUnitInterval"/>
/// outside [0, 1] is taken as the end it rounds from (a vectorised float32 exp(0) is 1 + 2u).
/// </summary>
public sealed class OptimalDiscriminatorMaximisesObjective() : HandinCheck<IOptimalDiscriminator>(
    "gan.tum.optimal-discriminator-maximises-objective",
    "sheet 002, P3 (b): D_φ* maximises ½ 𝔼_{p*}[log D(x)] + ½ 𝔼_{p_θ}[log(1 − D(x))]")
{
    /// <summary>The neighbour distance.</summary>
    public const double Step = 1e-3;

    /// <summary>The number of calls per run.</summary>
    public const int Calls = 4;

    protected override CheckResult Check(CheckContext context, HandinCall call, IOptimalDiscriminator handin)
    {
        var g = context.NewGenerator();
        for (int k = 0; k < Calls; k++)
        {
            var (data, model, shape) = Draw(g);
            const string what = "OptimalDiscriminator(dataDensity, modelDensity)";
            if (call.Run(what, () => handin.OptimalDiscriminator(tensor(data, shape), tensor(model, shape)), out var result) is { } threw) return threw;
            if (call.Tensor(what, result, shape, "expected D*(x) at each point, the shape of the densities") is { } bad) return bad;
            var d = result.ToArray();
            for (int i = 0; i < d.Length; i++)
                if (Problem(data[i], model[i], d[i]) is { } problem)
                    return call.Fail(string.Create(CultureInfo.InvariantCulture,
                        $"At point {HandinCall.Index(i, shape)} (p* = {data[i]:G6}, p_θ = {model[i]:G6}) your D* = {d[i]:G9} does not maximise the objective: {problem}"),
                        expected: "the D in [0, 1] that maximises p* log D + p_θ log(1 − D)", seen: d[i].ToString("G9", CultureInfo.InvariantCulture));
        }
        return CheckResult.Pass(Id, $"D* maximises the objective at every point of {Calls} calls", SheetRef);
    }

    /// <summary>
    /// <see cref="Calls"/> draws: a shape [n] or [n, m] with n, m ≤ 12; each value 0 with probability ¼, else e^U with
    /// U uniform on [−4, 4]; one call in four with p_θ = p* (up to its zeros).
    /// </summary>
    public static (float[] Data, float[] Model, int[] Shape) Draw(Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        int[] shape = g.NextDouble() < 0.5 ? [(int)g.NextInt(1, 13)] : [(int)g.NextInt(1, 13), (int)g.NextInt(1, 13)];
        int n = shape.Aggregate(1, (a, b) => a * b);
        float Value() => g.NextDouble() < 0.25 ? 0f : (float)Math.Exp(8 * g.NextDouble() - 4);
        var data = Enumerable.Range(0, n).Select(_ => Value()).ToArray();
        bool equal = g.NextDouble() < 0.25;
        var model = Enumerable.Range(0, n).Select(i => equal ? data[i] : Value()).ToArray();
        return (data, model, shape);
    }

    /// <summary>Why <paramref name="d"/> does not maximise f at one point, or null.</summary>
    private static string? Problem(double p, double q, double d)
    {
        if (!(d >= -OptimalDiscriminatorTolerance.OutsideUnitInterval && d <= 1 + OptimalDiscriminatorTolerance.OutsideUnitInterval))
            return "a discriminator's output is a probability in [0, 1].";
        // Within float32 rounding outside [0, 1] (exp(0) = 1 + 2u of a vectorised exp): the end it rounds from.
        d = Math.Clamp(d, 0, 1);
        if (p == 0 && q == 0) return null;
        double tolerance = OptimalDiscriminatorTolerance.OfObjective(p, q), value = F(p, q, d);
        foreach (var other in new[] { d - Step, d + Step, 0, 1 })
        {
            if (other < 0 || other > 1) continue;
            var better = F(p, q, other);
            if (better > value + tolerance)
                return string.Create(CultureInfo.InvariantCulture,
                    $"D = {other:G9} gives p* log D + p_θ log(1 − D) = {better:G9}, more than your {value:G9}.");
        }
        return null;
    }

    /// <summary>p log D + q log(1 − D), with 0·log 0 = 0.</summary>
    private static double F(double p, double q, double d) =>
        (p == 0 ? 0 : d == 0 ? double.NegativeInfinity : p * Math.Log(d)) + (q == 0 ? 0 : d == 1 ? double.NegativeInfinity : q * Math.Log(1 - d));
}
