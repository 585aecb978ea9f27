using Grader.Reference.Data.DrellYan;
using Grader.Reference.Flows;

namespace Grader.Reference.Tests.Flows;

public sealed class InnTrainerTests
{
    /// <summary>Mean negative log-likelihood, in double, of the best Gaussian (the training features' mean and covariance) on <paramref name="heldOut"/>.</summary>
    private static double GaussianNll(Tensor training, Tensor heldOut)
    {
        int d = training.size(1), n = training.size(0);
        var t = training.ToDoubleArray();
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += t[i * d + j] / n;
        var cov = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) cov[a, b] += (t[i * d + a] - mean[a]) * (t[i * d + b] - mean[b]) / n;
        var inv = DoubleInn.Invert(cov);
        double logDet = DoubleInn.LogAbsDet(cov);
        var h = heldOut.ToDoubleArray();
        int m = heldOut.size(0);
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            double q = 0;
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++) q += (h[i * d + a] - mean[a]) * inv[a, b] * (h[i * d + b] - mean[b]);
            total += 0.5 * q + 0.5 * logDet + 0.5 * d * Math.Log(2 * Math.PI);
        }
        return total / m;
    }

    [Test]
    public void Training_the_notebook_inn_lowers_the_held_out_nll_below_the_best_gaussian()
    {
        var events = DrellYanDataSet.Generate(new Generator(1), 20_000, 5_000, 0);
        var pre = ImprovedPreprocessing.Fit(events.Training);
        var train = pre.Apply(events.Training);
        var test = pre.Apply(events.Test);
        var inn = new Inn(InnSettings.Notebook, new Generator(2));
        double Nll()
        {
            using var _ = no_grad();
            return inn.NegativeLogLikelihood(test).mean().item();
        }
        double before = Nll(), gaussian = GaussianNll(train, test);
        var result = InnTrainer.Train(inn, train, 100, new Generator(3));
        double after = Nll();
        TestContext.Out.WriteLine($"held-out NLL: {before:F4} at initialisation, {after:F4} after 100 steps ({result.Elapsed.TotalSeconds:F1} s); best Gaussian {gaussian:F4}; training loss {result.Losses[0]:F4} → {result.FinalLoss(20):F4}");
        after.Should().BeLessThan(before - 0.1);
        after.Should().BeLessThan(gaussian);
        result.Losses.Should().HaveCount(100).And.OnlyContain(l => float.IsFinite(l));
    }

    [Test]
    public void Batches_are_shuffled_epochs_drawn_from_the_generator()
    {
        // Two trainers with the same seeds give the same weights; a different training seed gives different ones.
        var data = randn([50, 3], new Generator(4));
        var settings = InnSettings.Notebook with { Blocks = 2, HiddenWidth = 8, BatchSize = 16 };
        var (a, _) = InnTrainer.Train(data, 7, new Generator(5), settings);
        var (b, _) = InnTrainer.Train(data, 7, new Generator(5), settings);
        var (c, _) = InnTrainer.Train(data, 7, new Generator(6), settings);
        var wa = a.parameters().SelectMany(p => p.ToArray()).ToArray();
        wa.Should().Equal(b.parameters().SelectMany(p => p.ToArray()));
        wa.Should().NotEqual(c.parameters().SelectMany(p => p.ToArray()));
    }

    [Test]
    public void Bad_data_is_refused_in_one_sentence()
    {
        var inn = new Inn(InnSettings.Notebook with { Blocks = 1, HiddenWidth = 4 }, new Generator(1));
        var act = () => InnTrainer.Train(inn, zeros(10, 2), 1, new Generator(1));
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("[N ≥ 1, 3]");
    }
}
