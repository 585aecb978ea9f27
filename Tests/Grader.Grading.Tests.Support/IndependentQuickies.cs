namespace Grader.Grading.Tests.Support;

/// <summary>
/// A second correct hand-in of sheet 000's loss quickies, written apart from <c>Submissions/Examples/Quickies/Correct</c>
/// (other formulas: log-softmax and log-sigmoid instead of a max-shifted loop and softplus, pow instead of products), so
/// the similarity report has an independent hand-in to rank below a copy. <see cref="Files"/> with
/// <paramref name="sumInsteadOfMean"/> is the same with the regression loss summed (the mse-sum bug).
/// </summary>
internal static class IndependentQuickies
{
    public static IReadOnlyDictionary<string, string> Files(bool sumInsteadOfMean) => new Dictionary<string, string>
    {
        ["Losses.cs"] = $$"""
            using System;
            using Grader.Contracts.Quickies;
            using Grader.Tensors;
            using static Grader.Tensors.torch;

            namespace Submission;

            // Regression: the average squared residual.
            public sealed class QuickieRegressionLoss : IRegressionLoss
            {
                public Tensor MeanSquaredError(Tensor prediction, Tensor target) => (target - prediction).pow(2f).{{(sumInsteadOfMean ? "sum" : "mean")}}();
            }

            // Classification: log-sum-exp of each row minus the logit of its label, averaged over the rows.
            public sealed class QuickieClassificationLoss : IClassificationLoss
            {
                public Tensor CrossEntropy(Tensor logits, int[] targets)
                {
                    var normaliser = logits.logsumexp(1).ToArray();
                    var values = logits.ToArray();
                    int classes = logits.size(1);
                    var nll = new float[targets.Length];
                    for (int row = 0; row < targets.Length; row++)
                    {
                        nll[row] = normaliser[row] - values[row * classes + targets[row]];
                    }

                    return tensor(nll, targets.Length).mean();
                }
            }
            """,
        ["Generative.cs"] = """
            using System;
            using Grader.Contracts.Quickies;
            using Grader.Tensors;
            using static Grader.Tensors.torch;

            namespace Submission;

            public sealed class QuickieFlowLoss : IFlowLoss
            {
                // -log N(z; 0, I) - log|det J|
                public Tensor NegativeLogLikelihood(Tensor z, Tensor logDetJacobian) =>
                    z.pow(2f).sum(1) * 0.5f - logDetJacobian + (float)(z.size(1) * Math.Log(2 * Math.PI) / 2);
            }

            public sealed class QuickieGanLoss : IGanLoss
            {
                // -E log D(x) - E log(1 - D(G(z))), with D = sigmoid of the logit
                public Tensor DiscriminatorLoss(Tensor realLogits, Tensor fakeLogits) =>
                    -nn.functional.logsigmoid(realLogits).mean() - nn.functional.logsigmoid(-fakeLogits).mean();

                // the minimax generator: E log(1 - D(G(z)))
                public Tensor GeneratorLoss(Tensor fakeLogits) => nn.functional.logsigmoid(-fakeLogits).mean();
            }

            public sealed class QuickieVaeLoss : IVaeLoss
            {
                public Tensor NegativeElbo(Tensor x, DiagonalGaussian encoder, DiagonalGaussian decoder)
                {
                    var precision = (-decoder.LogVariance).exp();
                    var gaussian = ((x - decoder.Mean).pow(2f) * precision + decoder.LogVariance).sum(1) * 0.5f + (float)(x.size(1) * Math.Log(2 * Math.PI) / 2);
                    var divergence = (encoder.Mean.pow(2f) + encoder.LogVariance.exp() - encoder.LogVariance - 1f).sum(1) * 0.5f;
                    return gaussian + divergence;
                }
            }
            """,
    };
}
