using Grader.Checks.Catalog;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// A hidden check's sheet reference is stated once, where its pack declares it (<see cref="CheckSpec.Hidden"/>): the
/// classes of Grader.Checks.Hidden, and a visible check's class made for a hidden id, cite that declaration
/// (<see cref="DeferredCheck.SheetRefOf"/>), so the words a student reads in the assigned pack and in the feedback are
/// the same and cannot drift apart.
/// </summary>
public sealed class DeclaredSheetReferencesTests
{
    [Test]
    public void Every_hidden_check_the_tutor_binds_cites_its_packs_declaration()
    {
        var declared = CourseCatalog.Default.Packs.SelectMany(p => p.Bindings).SelectMany(b => b.Checks).Select(c => c.Check).OfType<DeferredCheck>()
            .ToLookup(c => c.Id, c => c.SheetRef, StringComparer.Ordinal);
        var bound = TutorCatalog.Packs.SelectMany(p => p.HiddenChecks).ToArray();

        bound.Should().HaveCount(declared.Count, "every declared hidden id is bound once");
        bound.Where(c => !declared[c.Id].Contains(c.SheetRef, StringComparer.Ordinal))
            .Select(c => $"{c.GetType().Name} ({c.Id}): \"{c.SheetRef}\", declared \"{string.Join("\" / \"", declared[c.Id])}\"")
            .Should().BeEmpty("a hidden check states its id; its sheet reference is its pack's");
    }

    [Test]
    public void An_id_no_pack_declares_is_refused_with_a_sentence_saying_where_to_declare_it()
    {
        var refused = FluentActions.Invoking(() => DeferredCheck.SheetRefOf("vae.tum.not-declared-anywhere")).Should().Throw<InvalidOperationException>().Which;

        refused.Message.Should().Contain("vae.tum.not-declared-anywhere").And.Contain("CheckSpec.Hidden");
    }
}
