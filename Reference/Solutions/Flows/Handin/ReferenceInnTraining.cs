using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>
/// The reference as a hand-in of Heidelberg ex. 2 (c), training: the notebook's INN (<see cref="InnSettings.Notebook"/>,
/// with as many channels as the data has) initialised from the grader's generator and trained by <see cref="InnTrainer"/>.
/// </summary>
public sealed class ReferenceInnTraining : IInnTraining
{
    public INormalizingFlow Train(Tensor data, int steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() != 2) throw new ArgumentException($"training data must be [N, d], got [{string.Join(", ", data.shape)}]");
        var settings = InnSettings.Notebook with { Channels = data.size(1) };
        return new InnFlow(InnTrainer.Train(data, steps, generator, settings).Flow);
    }
}
