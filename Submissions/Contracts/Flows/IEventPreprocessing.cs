using Grader.Tensors;

namespace Grader.Contracts.Flows;

/// <summary>
/// Heidelberg sheet 10 (sheet 000), exercise 2 (c): "the improved pre-processing of sheet 9, exercise 3", and its
/// inverse. An event is a row of 8 numbers: (E, px, py, pz) of muon 1, then of muon 2, in GeV. The features are
/// (pT₁, η₁, η₂) mapped to (ln(pT₁ − 10), artanh(η₁/2.50001), artanh(η₂/2.50001)) with pT in GeV, then standardised
/// with the training set's mean and standard deviation. pT = √(px² + py²), η = artanh(pz/|p|), φ = atan2(py, px).
/// </summary>
public interface IEventPreprocessing
{
    /// <summary>The mean and standard deviation (divisor n) of each of the three mapped features over the training events.</summary>
    /// <param name="trainingEvents">[n, 8].</param>
    FeatureStandardisation Fit(Tensor trainingEvents);

    /// <summary>Events to standardised features.</summary>
    /// <param name="events">[n, 8].</param>
    /// <param name="standardisation">From <see cref="Fit"/> on the training events.</param>
    /// <returns>[n, 3].</returns>
    Tensor Preprocess(Tensor events, FeatureStandardisation standardisation);

    /// <summary>
    /// Standardised features back to events: the events whose features these are, with muon 1 at azimuth
    /// <paramref name="phi1"/>, both muons on their mass shell with the muon mass 0.105 GeV, and transverse momentum
    /// conserved as in the sheet's events.
    /// </summary>
    /// <param name="features">[n, 3].</param>
    /// <param name="standardisation">The same as for <see cref="Preprocess"/>.</param>
    /// <param name="phi1">φ of muon 1 for each event, [n], in radians (the sheet draws it from U(0, 2π)).</param>
    /// <returns>[n, 8].</returns>
    Tensor UndoPreprocess(Tensor features, FeatureStandardisation standardisation, Tensor phi1);
}
