using Grader.Contracts.OdeSde;

namespace Grader.Checks.Hidden.OdeSde;

/// <summary>
/// The probe of the likelihood's β (issue 79 item 2, the SDE model's one output besides its networks): every read the
/// scoring and the samples make on the fresh host kept, then given to a model holding the same trained values in the
/// training's process, whose <see cref="ITrainableSdeModel.LikelihoodBeta"/> (the β the grader's loss trained, under
/// enable_grad as in training) and <see cref="ISdeModel.LikelihoodStd"/> must equal every read within float32 rounding
/// (<see cref="Agree"/>). A β that changes between reads, under no_grad, on the fresh host or after training differs there.
/// </summary>
public sealed class LikelihoodStdProbe(Func<double> read)
{
    private readonly List<double> _reads = [];

    /// <summary>The fresh host's β, kept.</summary>
    public double Read()
    {
        var b = read();
        _reads.Add(b);
        return b;
    }

    /// <summary>Null when <paramref name="twin"/>'s β agrees with every kept read, otherwise why (charged to the model).</summary>
    public string? Verify(ITrainableSdeModel twin)
    {
        double trainedBeta, reported;
        using (torch.enable_grad())
        {
            var beta = twin.LikelihoodBeta();
            if (beta is null || beta.numel() != 1) return "a model holding the trained values in the training's process returned no single likelihood β from LikelihoodBeta().";
            trainedBeta = beta.detach().item();
            reported = twin.LikelihoodStd;
        }

        if (!Agree(reported, trainedBeta))
            return $"your model's LikelihoodStd is {reported:G6} where its LikelihoodBeta() is {trainedBeta:G6} (a model holding the trained values, in the training's process, with gradients on as in training): LikelihoodStd must report the β the grader's loss trained.";
        for (var i = 0; i < _reads.Count; i++)
            if (!Agree(_reads[i], trainedBeta))
                return $"your model's likelihood β is not the same in sampling as in training: read {i + 1} of its LikelihoodStd where the samples were drawn (in the tutor's run a fresh process of your hand-in; read before each pass of the scoring, under no_grad, and with gradients on, {_reads.Count} reads) is {_reads[i]:G6}, where a model holding the same trained values in the training's process gives LikelihoodBeta() = {trainedBeta:G6}, the β the grader's loss trained. LikelihoodStd must report that β: the same value in every process, on every read, with or without gradient recording.";
        return null;
    }

    /// <summary>Equal within float32 rounding of β and of the exp/softplus it is built with: 1e-5 relative (the loop's fresh-model comparison's bound).</summary>
    private static bool Agree(double a, double b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(b));
}
