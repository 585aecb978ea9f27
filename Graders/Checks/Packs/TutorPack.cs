namespace Grader.Checks.Packs;

/// <summary>
/// The tutor's side of an <see cref="ExercisePack"/>, registered in Grader.Checks.Hidden (which students never receive):
/// the implementation of every hidden check the pack declares (bound by id in place of its <see cref="Catalog.DeferredCheck"/>)
/// and the reference implementation of every contract (the reference wrapped as a hand-in must earn full marks).
/// </summary>
/// <param name="Family">The pack's <see cref="ExercisePack.Family"/>.</param>
/// <param name="HiddenChecks">One instance per hidden check the pack declares.</param>
/// <param name="References">A fresh reference implementation per contract.</param>
public sealed record TutorPack(string Family, IReadOnlyList<ICheck> HiddenChecks, IReadOnlyDictionary<Type, Func<object>> References)
{
    /// <summary>The hidden checks that train a network under a budget (<see cref="ITrainingCheck"/>): the ones a quick pass, a seed run of the exact checks or a test of something else leaves out.</summary>
    public IReadOnlyList<ICheck> TrainingChecks => [.. HiddenChecks.OfType<ITrainingCheck>()];

    /// <summary>A resolve function over fresh reference implementations: the reference as a hand-in.</summary>
    public Func<Type, object?> ReferenceResolver()
    {
        var made = References.ToDictionary(r => r.Key, r => r.Value());
        return contract => made.GetValueOrDefault(contract);
    }
}
