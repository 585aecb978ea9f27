namespace Grader.Checks.Checking;

/// <summary>
/// A check that trains the hand-in's network under a budget (seconds to a minute per hand-in): what a quick pass, a seed
/// run of the exact checks or a test of something else leaves out. The mark is the one statement of it; the tutor packs'
/// <see cref="Packs.TutorPack.TrainingChecks"/> and every list of training checks are read from it.
/// </summary>
public interface ITrainingCheck : ICheck;
