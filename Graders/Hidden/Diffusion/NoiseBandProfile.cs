using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The held-out denoising loss of a trained ε-network over all steps and per band of noise levels (issue 45, item 3): a
/// training that saw only some steps t learns the others worse, which the loss over all t (one t per image) averages
/// away but a band's loss shows. Both come from one call of the network on all rows in a drawn order (issue 45,
/// item 1), so the rows of the loss cannot be told from the rows of the profile by the call's size or place. Used by
/// <see cref="Images.DtuImageTrainingQuality"/> and <see cref="HeidelbergVTrainingQuality"/> (the full network's
/// profile, and the smaller budget's network's <see cref="Tilt"/>).
/// </summary>
public static class NoiseBandProfile
{
    /// <summary>
    /// The loss rows, drawn as <see cref="TrainAndSample.HeldOutLoss"/> draws them from <paramref name="lossGenerator"/>
    /// (one t ~ U{0..T−1} per row of <paramref name="heldOut"/>, then ε ~ N(0, I)), so a network that answers each row on
    /// its own gets the same <paramref name="loss"/> as there; and the band rows from <paramref name="bandGenerator"/>:
    /// the code indices 0 … T−1 cut into <paramref name="bands"/> equal runs (the last takes the remainder), every row of
    /// <paramref name="heldOut"/> noised once in every band at its own t ~ U(band) with its own ε. All rows go to the
    /// network in one call, in an order drawn from <paramref name="orderGenerator"/>. <paramref name="profile"/>[k] is
    /// the mean of ‖ε − ε̂‖² / d over band k's rows, <paramref name="loss"/> that over the loss rows. The failure when
    /// the network throws or returns anything but finite numbers of the shape of z_t.
    /// </summary>
    public static CheckResult? Measure(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, Tensor heldOut, int bands,
        Generator lossGenerator, Generator bandGenerator, Generator orderGenerator, out double loss, out double[] profile)
    {
        var failed = Measure(call, network, schedule, heldOut, [bands], lossGenerator, bandGenerator, orderGenerator, out loss, out var profiles);
        profile = profiles.Length > 0 ? profiles[0] : [];
        return failed;
    }

    /// <summary>
    /// <see cref="Measure(HandinCall, IEpsilonNetwork, NoiseSchedule, Tensor, int, Generator, Generator, Generator, out double, out double[])"/>
    /// with several cuts of the code indices at once, <paramref name="splits"/>[s] bands each: every row of
    /// <paramref name="heldOut"/> is noised once in every band of every cut, the cuts drawn from
    /// <paramref name="bandGenerator"/> one after another (so the first cut's rows are those of the single cut), and all
    /// rows go to the network in the same one call. <paramref name="profiles"/>[s] is cut s's profile.
    /// </summary>
    public static CheckResult? Measure(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, Tensor heldOut, IReadOnlyList<int> splits,
        Generator lossGenerator, Generator bandGenerator, Generator orderGenerator, out double loss, out double[][] profiles)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(splits);
        loss = double.NaN;
        profiles = [];
        int n = heldOut.size(0), dim = heldOut.size(1), T = schedule.T;
        foreach (var bands in splits)
            if (bands < 1 || bands > T) throw new ArgumentOutOfRangeException(nameof(splits), bands, $"1 … T = {T} bands");
        var lossT = new int[n];
        for (var i = 0; i < n; i++) lossT[i] = (int)lossGenerator.NextInt(0, T);
        var lossEpsilon = randn([n, dim], lossGenerator);
        var forward = new ForwardProcess(BetaSchedule.FromBetas(schedule.Betas));
        var noised = new List<Tensor> { forward.Sample(heldOut, lossT, lossEpsilon) };
        var epsilons = new List<Tensor> { lossEpsilon };
        var times = new List<int>(lossT);
        foreach (var bands in splits)
        {
            var bandT = new int[n * bands];
            var bandRows = new int[n * bands];
            for (var k = 0; k < bands; k++)
            {
                int from = k * (T / bands), to = k == bands - 1 ? T : (k + 1) * (T / bands);
                for (var i = 0; i < n; i++)
                {
                    bandT[k * n + i] = (int)bandGenerator.NextInt(from, to);
                    bandRows[k * n + i] = i;
                }
            }

            var bandEpsilon = randn([n * bands, dim], bandGenerator);
            noised.Add(forward.Sample(heldOut.index_select(0, bandRows), bandT, bandEpsilon));
            epsilons.Add(bandEpsilon);
            times.AddRange(bandT);
        }

        var zt = cat([.. noised], 0);
        int[] t = [.. times];
        var epsilon = cat([.. epsilons], 0);
        int total = t.Length;
        var order = orderGenerator.Permutation(total);
        var back = new int[total];
        for (var j = 0; j < total; j++) back[order[j]] = j;
        var model = NormalisedTime.Of(network, T);
        const string what = "the trained network on noised held-out points";
        Tensor epsilonHat;
        using (no_grad())
        {
            var shuffled = zt.index_select(0, order);
            var shuffledT = order.Select(j => t[j]).ToArray();
            if (call.Run(what, () => model.Predict(shuffled, shuffledT), out epsilonHat) is { } failed) return failed;
        }

        if (call.Tensor(what, epsilonHat, [total, dim], "the network must return ε̂ of the shape of z_t, [N, d]") is { } bad) return bad;
        var e = epsilon.contiguous().ToDoubleArray();
        var h = epsilonHat.index_select(0, back).contiguous().ToDoubleArray();
        double Mean(int fromRow, int rows)
        {
            var sum = 0.0;
            for (var j = fromRow * dim; j < (fromRow + rows) * dim; j++) sum += (e[j] - h[j]) * (e[j] - h[j]);
            return sum / (rows * dim);
        }

        loss = Mean(0, n);
        var result = new double[splits.Count][];
        var first = 1;
        for (var s = 0; s < splits.Count; s++)
        {
            var start = first;
            result[s] = [.. Enumerable.Range(0, splits[s]).Select(k => Mean((start + k) * n, n))];
            first += splits[s];
        }

        profiles = result;
        return null;
    }

    /// <summary>
    /// A profile's tilt: the loss in its last <paramref name="k"/> bands (the noisiest) over the loss in its first
    /// <paramref name="k"/> (the least noisy); NaN when the profile has fewer than 2k bands. Early in a correct training
    /// every level is learnt together, so the tilt is a correct training's; one that never sees the noisiest (or the least
    /// noisy) levels lags there, and its tilt is too high (too low). Used by <see cref="HeidelbergVTrainingQuality"/> on
    /// the smaller budget's network.
    /// </summary>
    public static double Tilt(IReadOnlyList<double> profile, int k)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (k < 1 || profile.Count < 2 * k) return double.NaN;
        return profile.Skip(profile.Count - k).Sum() / profile.Take(k).Sum();
    }

    /// <summary>
    /// The cause a tilt beyond its clearly-good bounds proves (<paramref name="upper"/>: too high, <paramref name="lower"/>: too low),
    /// or "" when it is within both: after <paramref name="lead"/> ("Trained with the smaller budget, your network"),
    /// which end of the noise levels lags.
    /// </summary>
    public static string Tilted(ScoreBound upper, ScoreBound lower, double tilt, string lead)
    {
        ArgumentNullException.ThrowIfNull(upper);
        ArgumentNullException.ThrowIfNull(lower);
        var end = double.IsNaN(tilt) ? null : !upper.Passes(tilt) ? "noisiest" : !lower.Passes(tilt) ? "least noisy" : null;
        return end is null ? ""
            : $" {lead} lags far behind at the {end} noise levels compared with the others: early in a training that draws t ~ U{{0..T−1}} every noise level is learnt together; does yours see all of them?";
    }

    /// <summary>
    /// The cause a profile proves, or "" when every band is within its clearly-good bound: the bands (1: the lowest
    /// noise) beyond their bounds, after <paramref name="lead"/> ("The loss over all noise levels is a correct
    /// training's, but"): a training that did not draw t ~ U{0..T−1}, or weighs some levels far less.
    /// </summary>
    public static string Uneven(IReadOnlyList<ScoreBound> bandBounds, IReadOnlyList<double> profile, string lead)
    {
        ArgumentNullException.ThrowIfNull(bandBounds);
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.Count != bandBounds.Count) return "";
        var bands = Enumerable.Range(0, bandBounds.Count).Where(k => !bandBounds[k].Passes(profile[k])).Select(k => k + 1).ToList();
        return bands.Count == 0 ? ""
            : $" {lead} not in noise band{(bands.Count > 1 ? "s" : "")} {string.Join(", ", bands)} of {bandBounds.Count}: a training that draws t ~ U{{0..T−1}} learns every noise level; does yours see all of them?";
    }
}
