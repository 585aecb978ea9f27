namespace Grader.Checks.Tests.Handins;

public sealed class HandinSourceTests
{
    [Test]
    public void Reads_every_cs_file_recursively_in_path_order_and_skips_build_folders()
    {
        using var handin = new TempHandin("Alice",
            ("Diffusion/Answer.cs", "// answer"),
            ("Helpers.cs", "// helpers"),
            ("notes.txt", "not code"),
            ("obj/Debug/Generated.cs", "// generated"),
            ("bin/Other.cs", "// built"),
            (".git/hooks.cs", "// hidden"));

        var source = HandinSource.FromFolder(handin.Folder);

        source.Name.Should().Be("Alice");
        source.Mutant.Should().BeNull();
        source.Files.Select(f => f.Path).Should().Equal("Diffusion/Answer.cs", "Helpers.cs");
        source.Files[0].Text.Should().Be("// answer");
    }

    [Test]
    public void A_missing_folder_is_one_clear_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), "grader-no-such-" + Guid.NewGuid().ToString("N"));

        var act = () => HandinSource.FromFolder(missing);

        act.Should().Throw<HandinSourceException>().WithMessage($"The hand-in folder '{missing}' does not exist.");
    }

    [Test]
    public void A_folder_without_sources_is_one_clear_message()
    {
        using var handin = new TempHandin(("readme.md", "hello"), ("obj/X.cs", "// only generated"));

        var act = () => HandinSource.FromFolder(handin.Folder);

        act.Should().Throw<HandinSourceException>().WithMessage("*holds no .cs files*");
    }

    [Test]
    public void A_file_instead_of_a_folder_is_one_clear_message()
    {
        using var handin = new TempHandin(("Answer.cs", "// a"));

        var act = () => HandinSource.FromFolder(Path.Combine(handin.Folder, "Answer.cs"));

        act.Should().Throw<HandinSourceException>().WithMessage("*is a file; a hand-in is a folder of .cs files.");
    }

    [Test]
    public void A_mutant_replaces_the_file_with_the_same_name_and_keeps_the_others()
    {
        using var examples = new TempHandin("Correct",
            ("Diffusion/Answer.cs", "// correct answer"),
            ("Helpers.cs", "// helpers"));
        var mutantFolder = Path.Combine(examples.Root, "Mutants", "wrong-set");
        TempHandin.Write(mutantFolder,
            ("Answer.cs", "// mutated answer"),
            ("mutant.json", """{ "base": "Correct", "bug": "lists schedule 1", "task": "002/P4/beta-schedules", "contract": "IBetaScheduleAnswer" }"""));

        var mutant = HandinSource.FromFolder(examples.Folder).WithOverlay(mutantFolder);

        mutant.Name.Should().Be("wrong-set");
        mutant.Files.Select(f => (f.Path, f.Text)).Should().Equal(("Diffusion/Answer.cs", "// mutated answer"), ("Helpers.cs", "// helpers"));
        mutant.Mutant.Should().Be(new MutantInfo("Correct", "lists schedule 1", "002/P4/beta-schedules", "IBetaScheduleAnswer"));
    }

    [Test]
    public void Load_finds_a_mutants_base_by_name_among_its_ancestors()
    {
        using var examples = new TempHandin("Correct", ("Answer.cs", "// correct"), ("Extra.cs", "// extra"));
        var mutantFolder = Path.Combine(examples.Root, "Mutants", "m1");
        TempHandin.Write(mutantFolder, ("Answer.cs", "// mutant"), ("New.cs", "// added"), ("mutant.json", """{"base":"Correct","bug":"b"}"""));

        var loaded = HandinSource.Load(mutantFolder);

        loaded.Files.Select(f => f.Path + "=" + f.Text).Should().Equal("Answer.cs=// mutant", "Extra.cs=// extra", "New.cs=// added");
        HandinSource.Load(examples.Folder).Files.Should().HaveCount(2);
    }

    [Test]
    public void A_mutant_laid_over_another_base_or_without_its_base_is_refused()
    {
        using var examples = new TempHandin("Other", ("Answer.cs", "// other"));
        var mutantFolder = Path.Combine(examples.Root, "Mutants", "m1");
        TempHandin.Write(mutantFolder, ("Answer.cs", "// mutant"), ("mutant.json", """{"base":"Correct","bug":"b"}"""));

        var overlay = () => HandinSource.FromFolder(examples.Folder).WithOverlay(mutantFolder);
        var load = () => HandinSource.Load(mutantFolder);

        overlay.Should().Throw<HandinSourceException>().WithMessage("*is based on \"Correct\"*laid over \"Other\"*");
        load.Should().Throw<HandinSourceException>().WithMessage("*names the base \"Correct\"*no folder of that name*");
    }

    [Test]
    public void A_mutant_json_without_base_or_not_json_is_refused()
    {
        using var examples = new TempHandin("Correct", ("Answer.cs", "// a"));
        var noBase = Path.Combine(examples.Root, "m1");
        var notJson = Path.Combine(examples.Root, "m2");
        TempHandin.Write(noBase, ("Answer.cs", "// m"), ("mutant.json", """{"bug":"b"}"""));
        TempHandin.Write(notJson, ("Answer.cs", "// m"), ("mutant.json", "{ base: "));

        ((Action)(() => HandinSource.Load(noBase))).Should().Throw<HandinSourceException>().WithMessage("*has no \"base\"*");
        ((Action)(() => HandinSource.Load(notJson))).Should().Throw<HandinSourceException>().WithMessage("*is not valid JSON*");
    }
}
