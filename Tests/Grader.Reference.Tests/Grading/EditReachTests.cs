using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Grading;

/// <summary>
/// <see cref="EditReach"/> walks only a mutant's edited files when they keep their declarations, and takes the other
/// files' edges from the base: by hand, for every mutant and correct variant of a pack, that reach is the reach of the
/// whole walk of the mutant (the one <see cref="ExampleHandinsTests"/>' <c>[Explicit]</c> every-task twin checked).
/// </summary>
public class EditReachTests
{
    public static IEnumerable<TestCaseData> Packs() =>
        TutorCatalog.Default.Packs.Select(p => new TestCaseData(p.Family).SetName($"The reach from {p.Family}'s edited files is the whole walk's for every mutant and variant"));

    [Explicit("two Roslyn walks of every mutant and variant (≈ a minute of CPU); CI uses the edited files' walk")]
    [TestCaseSource(nameof(Packs))]
    public void The_reach_from_the_edited_files_is_the_whole_walks(string family)
    {
        var pack = TutorCatalog.Default.Packs.Single(p => p.Family == family);
        var bound = pack.Bindings.Select(b => b.TaskId).ToHashSet(StringComparer.Ordinal);
        var tasks = TutorCatalog.Default.Tasks.Where(t => t.Graded && bound.Contains(t.Id)).ToList();
        var correct = HandinSource.Load(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct));
        var variants = Path.Combine(RepositoryRoot.Path, pack.Folders.Examples, "Variants");
        var hands = Directory.EnumerateDirectories(Path.Combine(RepositoryRoot.Path, pack.Folders.Mutants)).Select(HandinSource.Load)
            .Concat(Directory.Exists(variants) ? Directory.EnumerateDirectories(variants).Select(correct.WithOverlay) : [])
            .ToList();
        hands.Should().NotBeEmpty();
        var differ = new List<string>();
        var editsOnly = 0;
        foreach (var hand in hands)
        {
            var (fromEdits, walkedEditsOnly) = EditReach.Reach(hand, correct, tasks);
            if (walkedEditsOnly) editsOnly++;
            var whole = EditReach.TasksReachingTheEdit(hand, correct, tasks, incremental: false);
            if (!fromEdits.SetEquals(whole)) differ.Add($"{hand.Name}: {string.Join(", ", fromEdits.Order())} from its edits, {string.Join(", ", whole.Order())} by the whole walk");
        }

        TestContext.Out.WriteLine($"{family}: {hands.Count} mutants and variants, {editsOnly} read from their edited files only, {differ.Count} differ");
        differ.Should().BeEmpty();
        editsOnly.Should().BePositive("most edits change bodies only, so the comparison tests the edited files' walk");
    }
}
