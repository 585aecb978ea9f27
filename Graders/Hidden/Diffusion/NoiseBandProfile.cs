using Grader.Checks.Diffusion;
using Grader.Contracts.Diffusion;
using Grader.Reference.Diffusion;

namespace Grader.Checks.Hidden.Diffusion;

/// <summary>
/// The held-out denoising loss of a trained ε-network per band of noise levels (issue 45, item 3): a training that saw
/// only some steps t learns the others worse, which the loss over all t (one t per image) averages away but a band's
/// loss shows. Used by <see cref="Images.DtuImageTrainingQuality"/>.
/// </summary>
public static class NoiseBandProfile
{
    /// <summary>
    /// The held-out denoising loss per band of noise levels: the code indices 0 … T−1 cut into <paramref name="bands"/>
    /// equal runs (the last takes the remainder), and every row of <paramref name="heldOut"/> noised once in every band,
    /// at its own t ~ U(band) with its own ε ~ N(0, I) from <paramref name="generator"/>; all rows of all bands asked in
    /// one call of the network, so no band's call can be told from another's. <paramref name="profile"/>[k] is the mean of
    /// ‖ε − ε̂‖² / d over band k's rows. The failure when the network throws or returns anything but finite numbers of the
    /// shape of z_t.
    /// </summary>
    public static CheckResult? Measure(HandinCall call, IEpsilonNetwork network, NoiseSchedule schedule, Tensor heldOut, int bands, Generator generator, out double[] profile)
    {
        profile = [];
        int n = heldOut.size(0), dim = heldOut.size(1), T = schedule.T;
        if (bands < 1 || bands > T) throw new ArgumentOutOfRangeException(nameof(bands), bands, $"1 … T = {T} bands");
        var t = new int[n * bands];
        var rows = new int[n * bands];
        for (var k = 0; k < bands; k++)
        {
            int from = k * (T / bands), to = k == bands - 1 ? T : (k + 1) * (T / bands);
            for (var i = 0; i < n; i++)
            {
                t[k * n + i] = (int)generator.NextInt(from, to);
                rows[k * n + i] = i;
            }
        }

        var epsilon = randn([n * bands, dim], generator);
        var zt = new ForwardProcess(BetaSchedule.FromBetas(schedule.Betas)).Sample(heldOut.index_select(0, rows), t, epsilon);
        var model = NormalisedTime.Of(network, T);
        const string what = "the trained network on noised held-out points";
        Tensor epsilonHat;
        using (no_grad())
        {
            if (call.Run(what, () => model.Predict(zt, t), out epsilonHat) is { } failed) return failed;
        }

        if (call.Tensor(what, epsilonHat, [n * bands, dim], "the network must return ε̂ of the shape of z_t, [N, d]") is { } bad) return bad;
        var e = epsilon.contiguous().ToDoubleArray();
        var h = epsilonHat.contiguous().ToDoubleArray();
        profile = new double[bands];
        for (var k = 0; k < bands; k++)
        {
            var sum = 0.0;
            for (var j = k * n * dim; j < (k + 1) * n * dim; j++) sum += (e[j] - h[j]) * (e[j] - h[j]);
            profile[k] = sum / (n * dim);
        }

        return null;
    }
}
