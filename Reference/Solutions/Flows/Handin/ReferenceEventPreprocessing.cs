using Grader.Contracts.Flows;
using Grader.Tensors;

namespace Grader.Reference.Flows.Handin;

/// <summary>The reference as a hand-in of Heidelberg ex. 2 (c), the preprocessing: <see cref="ImprovedPreprocessing"/>.</summary>
public sealed class ReferenceEventPreprocessing : IEventPreprocessing
{
    public FeatureStandardisation Fit(Tensor trainingEvents)
    {
        var p = ImprovedPreprocessing.Fit(trainingEvents);
        return new FeatureStandardisation(p.Mean, p.Std);
    }

    public Tensor Preprocess(Tensor events, FeatureStandardisation standardisation) => Of(standardisation).Apply(events);

    public Tensor UndoPreprocess(Tensor features, FeatureStandardisation standardisation, Tensor phi1) => Of(standardisation).Invert(features, phi1);

    private static ImprovedPreprocessing Of(FeatureStandardisation s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new ImprovedPreprocessing(s.Mean, s.Std);
    }
}
