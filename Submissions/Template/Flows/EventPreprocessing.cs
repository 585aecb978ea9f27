using System;
using System.Collections.Generic;
using Grader.Contracts.Flows;
using Grader.Tensors;
using static Grader.Tensors.torch;

namespace Submission;

/// <summary>
/// Sheet 000, exercise 2 (c): the improved pre-processing of sheet 9, exercise 3, and its inverse.
/// </summary>
public sealed class EventPreprocessing : IEventPreprocessing
{
    /// <inheritdoc />
    public FeatureStandardisation Fit(Tensor trainingEvents) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): the mean and standard deviation of the mapped features — see README.md, EventPreprocessing.cs.");

    /// <inheritdoc />
    public Tensor Preprocess(Tensor events, FeatureStandardisation standardisation) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): events to standardised features — see README.md, EventPreprocessing.cs.");

    /// <inheritdoc />
    public Tensor UndoPreprocess(Tensor features, FeatureStandardisation standardisation, Tensor phi1) =>
        throw new NotImplementedException("Sheet 000, ex. 2 (c): standardised features back to events — see README.md, EventPreprocessing.cs.");
}
