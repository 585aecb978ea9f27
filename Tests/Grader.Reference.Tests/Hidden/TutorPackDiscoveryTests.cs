using Grader.Checks.Catalog;
using Grader.Checks.Diffusion;
using Grader.Checks.Flows;
using Grader.Checks.Gan;
using Grader.Checks.Hidden.Diffusion;
using Grader.Checks.Hidden.Flows;
using Grader.Contracts.Diffusion;
using Grader.Contracts.Gan;
using Grader.Reference.Gan.Handin;

namespace Grader.Reference.Tests.Hidden;

/// <summary>
/// <see cref="TutorPackDiscovery.Of"/> reads a family's tutor side from its folders: what it finds, what it leaves to the list
/// a tutor pack gives, and that what it cannot find reaches the validator rather than a silent gap.
/// </summary>
public sealed class TutorPackDiscoveryTests
{
    [Test]
    public void A_family_whose_checks_need_no_arguments_is_found_whole()
    {
        var tutor = TutorPackDiscovery.Of(GanPack.Pack);

        tutor.HiddenChecks.Select(c => c.Id).Should().BeEquivalentTo(
            GanPack.Pack.Checks.Where(c => c.Visibility == Visibility.Hidden).Select(c => c.Check.Id), "one instance per declared hidden id");
        tutor.References.Keys.Should().BeEquivalentTo(GanPack.Pack.Contracts);
        tutor.References[typeof(IOptimalDiscriminator)]().Should().BeOfType<ReferenceOptimalDiscriminator>();
        tutor.References[typeof(IOptimalDiscriminator)]().Should().NotBeSameAs(tutor.References[typeof(IOptimalDiscriminator)](), "a fresh reference per resolve");
        tutor.TrainingChecks.Should().BeEmpty();
    }

    [Test]
    public void A_check_class_given_with_arguments_is_made_only_as_given()
    {
        var given = new InnTrainingQuality(InnTrainingQualityBudget.Calibrated);
        var tutor = TutorPackDiscovery.Of(FlowsPack.Pack, [given]);

        tutor.HiddenChecks.OfType<InnTrainingQuality>().Should().ContainSingle().Which.Should().BeSameAs(given, "its default-argument instance is not made beside it");
        tutor.TrainingChecks.Should().Equal(given);
    }

    [Test]
    public void What_the_convention_cannot_find_is_left_to_the_validator()
    {
        // Classes made with arguments that are not given are not made: their ids stay unbound, and the validator says so.
        var bare = TutorPackDiscovery.Of(DiffusionPack.Pack);
        var problems = CatalogValidator.Validate(TutorCatalog.TutorSide(CourseCatalog.Default, [.. TutorCatalog.Packs.Where(p => p.Family != "Diffusion"), bare]));
        problems.Should().Contain(p => p.Kind == CatalogProblemKind.HiddenCheckNotBound && p.Subject == "diffusion.heidelberg.images.ddim-with-oracle");
        problems.Should().NotContain(p => p.Kind == CatalogProblemKind.ContractWithoutReference, "every Diffusion contract has a Reference<Name> class");
    }
}
