using System.Text;
using Grader.Contracts.Quickies;
using Grader.Reference.Quickies;
using Grader.Reference.Quickies.Handin;

namespace Grader.Reference.Tests.Torch;

/// <summary>
/// The loss quickies (Heidelberg 2023 sheet, 3 (a) and (e)) against PyTorch: fixtures/torch/loss_vectors.json, written by
/// fixtures/torch/make_attention_and_loss_vectors.py — F.mse_loss, F.cross_entropy, the VAE negative ELBO from
/// torch.distributions (Normal.log_prob and kl_divergence), the GAN losses from binary_cross_entropy_with_logits, the
/// flow NLL from Normal(0, 1).log_prob. Each case runs through the reference (<see cref="SupervisedLosses"/>,
/// <see cref="GenerativeLosses"/>) and through its contract wrapper, with the tolerance of <see cref="TorchQuantity"/>.
/// </summary>
[TestFixture]
public sealed class LossVectorTests
{
    private static readonly Lazy<JsonElement[]> Data = new(() => TorchFixtures.Cases("loss_vectors.json"));

    public static IEnumerable<TestCaseData> Cases() =>
        Data.Value.Select(c => new TestCaseData(c).SetName($"torch_losses/{c.GetProperty("family").GetString()}/{c.GetProperty("name").GetString()}"));

    [Test]
    public void FixtureIsComplete()
    {
        var families = Data.Value.GroupBy(c => c.GetProperty("family").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(families.Keys, Is.EquivalentTo(new[] { "mse", "cross_entropy", "vae_negative_elbo", "gan_discriminator", "gan_generator", "flow_nll" }));
        Assert.That(families.Values, Has.All.GreaterThanOrEqualTo(2));
    }

    [TestCaseSource(nameof(Cases))]
    public void MatchesTorch(JsonElement c)
    {
        var i = c.GetProperty("inputs");
        Tensor T(string name) => TorchFixtures.TensorOf(i.GetProperty(name));
        var expected = TorchQuantity.Read(c.GetProperty("value"));
        var (reference, wrapped) = c.GetProperty("family").GetString() switch
        {
            "mse" => (SupervisedLosses.MeanSquaredError(T("prediction"), T("target")),
                      new ReferenceRegressionLoss().MeanSquaredError(T("prediction"), T("target"))),
            "cross_entropy" => (SupervisedLosses.CrossEntropy(T("logits"), TorchFixtures.Ints(i.GetProperty("targets"))),
                                new ReferenceClassificationLoss().CrossEntropy(T("logits"), TorchFixtures.Ints(i.GetProperty("targets")))),
            "vae_negative_elbo" => (GenerativeLosses.VaeNegativeElbo(T("x"), T("encoder_mean"), T("encoder_log_variance"), T("decoder_mean"), T("decoder_log_variance")),
                                    new ReferenceVaeLoss().NegativeElbo(T("x"), new DiagonalGaussian(T("encoder_mean"), T("encoder_log_variance")),
                                        new DiagonalGaussian(T("decoder_mean"), T("decoder_log_variance")))),
            "gan_discriminator" => (GenerativeLosses.GanDiscriminatorLoss(T("real_logits"), T("fake_logits")),
                                    new ReferenceGanLoss().DiscriminatorLoss(T("real_logits"), T("fake_logits"))),
            "gan_generator" => (GenerativeLosses.GanGeneratorLoss(T("fake_logits")), new ReferenceGanLoss().GeneratorLoss(T("fake_logits"))),
            "flow_nll" => (GenerativeLosses.FlowNegativeLogLikelihood(T("z"), T("log_det_jacobian")),
                           new ReferenceFlowLoss().NegativeLogLikelihood(T("z"), T("log_det_jacobian"))),
            var f => throw new InvalidOperationException($"fixture family '{f}' has no check in LossVectorTests"),
        };
        var report = new StringBuilder($"{c.GetProperty("name").GetString()}\n");
        var failures = new List<string>();
        expected.Compare("reference", reference, report, failures);
        expected.Compare("contract", wrapped, report, failures);
        TestContext.Out.Write(report.ToString());
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(10)));
    }

    [Test]
    public void Bad_inputs_are_refused_with_one_clear_message()
    {
        var x = torch.zeros(3, 2);
        Assert.That(() => SupervisedLosses.CrossEntropy(x, [0, 2, 1]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("targets[1] must be a class 0 … 1"));
        Assert.That(() => SupervisedLosses.CrossEntropy(x, [0, 1]), Throws.ArgumentException.With.Message.Contains("2 targets for 3 examples"));
        Assert.That(() => SupervisedLosses.MeanSquaredError(x, torch.zeros(3)), Throws.ArgumentException.With.Message.Contains("they must be equal"));
        Assert.That(() => GenerativeLosses.FlowNegativeLogLikelihood(x, torch.zeros(2)), Throws.ArgumentException.With.Message.Contains("log|det J| must be [N = 3]"));
        Assert.That(() => GenerativeLosses.VaeNegativeElbo(x, torch.zeros(2, 1), torch.zeros(2, 1), x, x), Throws.ArgumentException.With.Message.Contains("The encoder gives 2 examples, x has 3"));
        Assert.That(() => GenerativeLosses.GanDiscriminatorLoss(x, torch.zeros(2)), Throws.ArgumentException.With.Message.Contains("realLogits must be [N]"));
    }
}
