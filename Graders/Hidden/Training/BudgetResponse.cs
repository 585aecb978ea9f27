using Grader.Checks.Diffusion.Tolerance;

namespace Grader.Checks.Hidden.Training;

/// <summary>
/// The budget response of a training check (issue 45, item 3): the hand-in's <c>Train</c> is called a second time, the
/// same call (data, schedule, generator) but with a drawn fraction of the real budget, before or after the full call as
/// the run draws; both networks are scored on the same noised held-out rows, and the full budget must improve the loss
/// by at least <see cref="MinImprovement"/> while the smaller budget's loss stays at most <see cref="MaxFractionLoss"/>.
/// A network that does not come from the budget's optimiser steps (a fixed function, a closed-form or kernel denoiser
/// of the training points) improves by 0 within float32 rounding (<see cref="Rounding"/>); a training that takes fewer
/// steps than asked is either far worse at the smaller budget or no better at the full one. Used by the SDE check
/// (<see cref="OdeSde.SdeTrainingQuality"/>), the last whose hand-in owns its loop; it states its calibration.
/// </summary>
/// <param name="FractionLow">The smallest fraction of the budget drawn.</param>
/// <param name="FractionHigh">The largest fraction drawn.</param>
/// <param name="MaxFractionLoss">Bound on the smaller budget's held-out loss.</param>
/// <param name="MinImprovement">Bound on the loss's improvement from the smaller to the full budget.</param>
public sealed record BudgetResponse(double FractionLow, double FractionHigh, double MaxFractionLoss, double MinImprovement)
{
    /// <summary>
    /// The run's smaller budget, a fraction of <paramref name="steps"/> drawn uniformly from [<see cref="FractionLow"/>,
    /// <see cref="FractionHigh"/>], rounded, at least 1; then whether the smaller budget's call comes first (probability ½).
    /// </summary>
    public (int Steps, bool FractionFirst) Draw(int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var fractionSteps = FractionOf(steps, FractionLow, FractionHigh, generator);
        return (fractionSteps, generator.NextDouble() < 0.5);
    }

    /// <summary>
    /// A smaller budget of every training check's budget response (V, images, INN, ODE, SDE): a fraction of
    /// <paramref name="steps"/> drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>], rounded, at least 1.
    /// </summary>
    public static int FractionOf(int steps, double low, double high, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return Math.Max(1, (int)Math.Round((low + (high - low) * generator.NextDouble()) * steps));
    }

    /// <summary>The two bounds, the smaller budget's loss and the improvement, in that order (single bounds: no indifference zone).</summary>
    public IReadOnlyList<ScoreBound> Bounds =>
    [
        new($"held-out denoising loss with a smaller budget", MaxFractionLoss, MaxFractionLoss, MaxFractionLoss),
        new($"improvement of the loss from the smaller to the full budget", MinImprovement, MinImprovement, MinImprovement, HigherIsBetter: true),
    ];

    /// <summary>
    /// The full and the smaller budget's calls, in the drawn order; the first failure of either ends it (the other is not
    /// called after a failure).
    /// </summary>
    public static CheckResult? InOrder(bool fractionFirst, Func<CheckResult?> full, Func<CheckResult?> fraction)
    {
        ArgumentNullException.ThrowIfNull(full);
        ArgumentNullException.ThrowIfNull(fraction);
        return fractionFirst ? fraction() ?? full() : full() ?? fraction();
    }

    /// <summary>
    /// The sentence of a failure whose improvement is below its bound (the cause it proves), or "" when it is not:
    /// trained twice with the same data and generator, the network did not improve with the budget; when the two losses
    /// (<paramref name="loss"/>, <paramref name="fractionLoss"/>) are equal within <see cref="Rounding"/>, it says so.
    /// </summary>
    public string NotResponding(double loss, double fractionLoss, string data)
    {
        var improvement = fractionLoss - loss;
        if (!Bounds[1].Fails(improvement)) return "";
        var equal = Math.Abs(improvement) <= Rounding(loss, fractionLoss)
            ? " (its two losses are equal within float32 rounding, as the same network's are)"
            : "";
        return $" Trained twice on the same {data} with the same generator, once with the full budget and once with a smaller one, your network's held-out loss did not improve with the budget{equal} as a training that takes every optimiser step of its budget does: the returned network must be the result of Algorithm 1's gradient steps, as many as the budget says.";
    }

    /// <summary>The improvement as feedback prints it: 0 within <see cref="Rounding"/> of the two losses (see <see cref="Shown(double, double, double)"/>).</summary>
    public double ShownImprovement(double loss, double fractionLoss) => Shown(fractionLoss - loss, Rounding(loss, fractionLoss), MinImprovement);

    /// <summary>
    /// The longest chain of float32 roundings behind one element of a network's output that <see cref="Rounding"/>
    /// assumes, K = 2¹⁰: the sum over the network's layers of the length of the inner product behind the element (with
    /// its bias), plus its elementwise steps. The sheets' ε-networks: the V's (x 2 → 128 beside a 128-wide time
    /// embedding, then 256 → 128 → 64 → 32 → 16 → 2 with ELU) K ≈ 3 + 257 + 129 + 65 + 33 + 17 + 5 ≈ 510; ddpm.py's
    /// FcNetwork (3 → 64 → 64 → 2, ReLU) ≈ 140; an image U-Net's 3×3 convolutions over 64–128 channels exceed it.
    /// </summary>
    public const int RoundingChain = 1 << 10;

    /// <summary>
    /// The bound <see cref="Rounding"/> assumes on an output element's absolute product |W_L|·…·|W_1|·|x| (every weight,
    /// activation and input by its magnitude): 4, a network whose ε̂ are of the order of ε ~ N(0, I).
    /// </summary>
    public const double RoundingScale = 4;

    /// <summary>
    /// A bound on |L¹ − L²| for two float32 evaluations of the same network's held-out loss on the same noised rows, such
    /// as the two a budget response compares when the training takes no step (the image check's band profile, until
    /// issue 66, evaluated the loss rows shuffled among 4 or 10 bands' rows, <see cref="Diffusion.TrainAndSample.HeldOutLoss"/>
    /// alone: calls of different sizes, which the BLAS and vector kernels block and sum in different orders, so the same
    /// row's ε̂ rounds differently; issue 65: 2.94e-10 on a Zen 5 with OPENBLAS_CORETYPE=Haswell, 0 without). NaN or a
    /// negative loss gives 0 (nothing is within rounding).
    /// <para>
    /// Derivation. Each evaluation obeys the bound of a chain of products (Higham, <i>Accuracy and Stability of
    /// Numerical Algorithms</i>, §3.5; a 1-Lipschitz activation rounded once adds one step): |ĥ − h| ≤ γ_K·|W_L|⋯|W_1||x|
    /// elementwise, γ_K = K·u/(1 − K·u) (<see cref="Float32Bound.Gamma"/>), u = 2⁻²⁴, in any summation order. Assumed:
    /// K ≤ <see cref="RoundingChain"/> and the absolute product ≤ <see cref="RoundingScale"/> = M. So two evaluations
    /// differ by at most δ = 2·γ_K·M ≈ 4.9e-4 per element. With r = ε − ĥ (the same ε in both), L = mean r² is summed in
    /// double, and L¹ − L² = mean (r¹ − r²)(r¹ + r²), |r¹ − r²| ≤ δ and mean |r| ≤ √(mean r²) (Cauchy–Schwarz):
    /// |L¹ − L²| ≤ δ·(√L¹ + √L²), plus the double sums' rounding, γ_N(2⁻⁵³)·(L¹ + L²) for N ≤ 2³⁰ terms (≤ 1.2e-7·(L¹ + L²)).
    /// </para>
    /// <para>
    /// Far below every bound it is printed against: an untrained network's losses are ≈ 1 (ε̂ ≈ 0 against ε ~ N(0, I)),
    /// so the bound is ≈ 1e-3, against the smallest improvement a budget response asks for, 0.006 (the toy data's larger
    /// smaller budget; the V's 0.02, the images' 0.14). It never decides: the verdicts read the measured improvement,
    /// and feedback prints 0 only for an improvement that also fails its bound (<see cref="Shown"/>). Where the
    /// assumptions do not hold (a deeper or wider network such as an image U-Net, a hand-in's ε̂ far above 1), two
    /// evaluations may differ by more than the bound: feedback then prints the measured difference, as it did before.
    /// </para>
    /// </summary>
    public static double Rounding(double loss, double otherLoss)
    {
        if (!(loss >= 0) || !(otherLoss >= 0)) return 0;
        var delta = 2 * Float32Bound.Gamma(RoundingChain) * RoundingScale;
        return delta * (Math.Sqrt(loss) + Math.Sqrt(otherLoss)) + Float32Bound.Gamma(1 << 30, Math.ScaleB(1.0, -53)) * (loss + otherLoss);
    }

    /// <summary>
    /// An improvement as feedback prints it: 0 when it is within <paramref name="rounding"/> of 0 (<see cref="Rounding"/>)
    /// and below <paramref name="minImprovement"/> (so a value printed as 0 fails its bound, as the measured one does);
    /// otherwise the measured value (NaN stays NaN). Only the printing: every decision reads the measured value.
    /// </summary>
    public static double Shown(double improvement, double rounding, double minImprovement) =>
        Math.Abs(improvement) <= rounding && improvement < minImprovement ? 0 : improvement;
}
