using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// The repository of a sheet holds only that sheet's families (issue 48): no snapshot, template, check, pack class or
/// registration of a pack that binds none of its tasks (<see cref="SheetFamilies"/>); of another family's check folder
/// only the shared helpers the kept checks build on. The self-check's build and run in such a repository are
/// <c>Package/ToolPackageTests</c>' (slow).
/// </summary>
[NonParallelizable]
public sealed class AssignedFamiliesTests
{
    [TestCaseSource(typeof(CatalogSheets), nameof(CatalogSheets.Ids))]
    public void The_repository_of_a_sheet_holds_nothing_of_another_family(string sheet)
    {
        var tree = SharedAssignedTrees.For(sheet);
        var own = SheetFamilies.Of(tree.Assignment);
        own.Should().NotBeEmpty().And.HaveCountLessThan(CourseCatalog.Default.Packs.Count, $"sheet {sheet} uses some families, not all");
        TestContext.Out.WriteLine($"sheet {sheet}: {string.Join(", ", own.Select(p => p.Family))}; {tree.Files().Count} files");
        foreach (var shared in tree.Files().Where(f => CourseCatalog.Default.Packs.Except(own).Any(p => f.StartsWith($"{CheckSources.ChecksFolder}/{p.Family}/", StringComparison.Ordinal))))
        {
            TestContext.Out.WriteLine($"  shared helper kept: {shared}");
        }

        SheetFamilies.Foreign(tree.Folder, tree.Assignment).Should().BeEmpty($"the repository of sheet {sheet} holds only its families");
        var registration = tree.Read(CheckSources.Registration);
        foreach (var pack in own)
        {
            registration.Should().Contain($"{pack.Family}Pack.Pack,", $"sheet {sheet}'s repository registers its pack {pack.Family}");
            tree.Files().Should().Contain(f => f.StartsWith($"{CheckSources.ChecksFolder}/{pack.Family}/", StringComparison.Ordinal), $"{pack.Family}'s checks are copied");
        }
    }

    /// <summary>
    /// Sheet 003 (Copenhagen: ODE/SDE only) holds no file of the Diffusion family: what the other families' checks build on
    /// (the exact comparison, its variants) is <c>Graders/Checks/Comparison</c>, and the check folder of Diffusion is left
    /// out whole; the checks of the kept family compile against it (<c>ToolPackageTests</c> builds the repository).
    /// </summary>
    [Test]
    public void The_repository_of_sheet_003_holds_no_file_of_the_diffusion_family()
    {
        var tree = SharedAssignedTrees.For("003");
        tree.Files().Where(f => f.StartsWith($"{CheckSources.ChecksFolder}/Diffusion/", StringComparison.Ordinal)).Should().BeEmpty();
        tree.Files().Should().Contain([$"{CheckSources.ChecksFolder}/Comparison/ExactComparison.cs", $"{CheckSources.ChecksFolder}/Comparison/Variant.cs"]);
    }

    /// <summary>The control: the repository as it was written before (every family, the registration of every pack) is found foreign.</summary>
    [Test]
    public void The_search_finds_another_familys_checks_snapshots_templates_and_registration()
    {
        using var tree = new AssignedTree("003");
        var own = SheetFamilies.Of(tree.Assignment);
        own.Select(p => p.Family).Should().Equal("OdeSde");
        var diffusion = Path.Combine(RepositoryRoot.Path, CheckSources.ChecksFolder, "Diffusion");
        foreach (var file in Directory.EnumerateFiles(diffusion, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var to = Path.Combine(tree.Folder, CheckSources.ChecksFolder, "Diffusion", Path.GetRelativePath(diffusion, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
        }

        File.Copy(Path.Combine(RepositoryRoot.Path, CheckSources.Registration), Path.Combine(tree.Folder, CheckSources.Registration), overwrite: true);
        var snapshot = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, AssignmentLayout.SnapshotRoot, "attention"), "*.json", SearchOption.AllDirectories).First();
        Directory.CreateDirectory(Path.Combine(tree.Folder, AssignmentLayout.SnapshotRoot, "attention"));
        File.Copy(snapshot, Path.Combine(tree.Folder, AssignmentLayout.SnapshotRoot, "attention", Path.GetFileName(snapshot)));
        File.Copy(Path.Combine(RepositoryRoot.Path, "Submissions", "Template", "Vae", "LogNormalPrior.cs"), Path.Combine(tree.Folder, AssignmentLayout.HandinFolder, "LogNormalPrior.cs"));

        var foreign = SheetFamilies.Foreign(tree.Folder, tree.Assignment);
        TestContext.Out.WriteLine(string.Join('\n', foreign));
        foreign.Should().Contain(f => f.StartsWith("Graders/Checks/Diffusion/DiffusionPack.cs: declares DiffusionPack", StringComparison.Ordinal));
        foreign.Should().Contain(f => f.StartsWith("Graders/Checks/Diffusion/DdimStepMatchesReference.cs: declares DdimStepMatchesReference", StringComparison.Ordinal));
        foreign.Should().Contain(f => f.EndsWith("a snapshot of Attention", StringComparison.Ordinal));
        foreign.Should().Contain("Handin/LogNormalPrior.cs: a template file of Vae");
        foreign.Should().Contain($"{CheckSources.Registration}: registers FlowsPack");
    }

    [Test]
    public void The_registration_of_every_pack_is_the_file_itself_and_a_sheets_names_only_its_packs()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, CheckSources.Registration));
        var all = CourseCatalog.Default.Packs;
        PackRegistration.Rewrite(source, all, all).Should().Be(source, "registering every pack changes nothing");

        var vae = all.Single(p => p.Family == "Vae");
        var gan = all.Single(p => p.Family == "Gan");
        var rewritten = PackRegistration.Rewrite(source, [vae, gan], all);
        TestContext.Out.WriteLine(rewritten);
        rewritten.Should().Contain("GanPack.Pack,").And.Contain("VaePack.Pack,").And.Contain("using Grader.Checks.Vae;").And.Contain("using Grader.Checks.Gan;");
        rewritten.Should().NotContainAny(["DiffusionPack", "FlowsPack", "AttentionPack", "QuickiesPack", "OdeSdePack", "using Grader.Checks.Diffusion;", "using Grader.Checks.OdeSde;"]);
        rewritten.IndexOf("GanPack", StringComparison.Ordinal).Should().BeLessThan(rewritten.IndexOf("VaePack", StringComparison.Ordinal), "the registration keeps its order");
        rewritten.Should().Contain("public HandinSource CorrectExamples(", "the rest of the file is kept");
    }

    [Test]
    public void A_registration_without_the_list_or_without_a_needed_pack_is_refused_in_one_sentence()
    {
        var all = CourseCatalog.Default.Packs;
        var vae = all.Single(p => p.Family == "Vae");
        var refuse = () => PackRegistration.Rewrite("namespace X;\npublic static class Y { }\n", [vae], all);
        refuse.Should().Throw<AssignException>().WithMessage("*has no list RegisteredPacks()*");

        var source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, CheckSources.Registration)).Replace("        VaePack.Pack,\n", "", StringComparison.Ordinal);
        refuse = () => PackRegistration.Rewrite(source, [vae], all);
        refuse.Should().Throw<AssignException>().WithMessage("*does not register the pack Vae, which the assignment needs.");
    }
}
