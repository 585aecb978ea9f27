using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// What <c>grader assign</c> writes, read file by file: exactly the shipped folders, a solution with exactly the copied
/// projects, the README and workflow; and nothing of the reference, the hidden checks or the other fixtures — no path,
/// no project reference, no type name, no trained weights.
/// </summary>
[NonParallelizable]
public sealed class AssignedRepositoryContentTests
{
    private static readonly string[] ShippedFolders =
        [.. AssignmentLayout.Projects.Select(p => p.Folder), .. AssignmentLayout.ReadOnlySources, ToolAssemblies.Folder, AssignmentLayout.HandinFolder, AssignmentLayout.SnapshotRoot, Grader.Grading.Discovery.ReportLayout.Folder, StudentCourseFile.Folder];

    private static readonly string[] ShippedFiles =
        [.. AssignmentLayout.RootFiles, GraderRepository.SolutionFile, "README.md", AssignmentLayout.WorkflowPath, AssignmentFile.FileName];

    private AssignedTree _tree = null!;

    [OneTimeSetUp]
    public void Assign() => _tree = new AssignedTree();

    [OneTimeTearDown]
    public void Delete() => _tree.Dispose();

    [Test]
    public void Every_file_lies_in_a_shipped_folder_or_is_a_shipped_file()
    {
        var files = _tree.Files();
        files.Should().NotBeEmpty();
        files.Where(f => !ShippedFiles.Contains(f) && !ShippedFolders.Any(folder => f.StartsWith(folder + "/", StringComparison.Ordinal)))
            .Should().BeEmpty("the student repository holds only the shipped folders and files");
        files.Should().BeEquivalentTo(_tree.Result.Files, "the result lists exactly what was written");
    }

    [Test]
    public void Nothing_lies_under_a_forbidden_folder_or_under_tests_other_than_the_self_check()
    {
        var files = _tree.Files();
        foreach (var forbidden in AssignmentLayout.ForbiddenFolders)
        {
            files.Should().NotContain(f => f.StartsWith(forbidden + "/", StringComparison.OrdinalIgnoreCase), $"nothing of {forbidden} may ship");
            Directory.Exists(Path.Combine(_tree.Folder, forbidden)).Should().BeFalse($"{forbidden} must not exist in the student repository");
        }

        files.Where(f => f.StartsWith("Tests/", StringComparison.Ordinal)).Should().OnlyContain(f => f.StartsWith("Tests/SelfCheck/", StringComparison.Ordinal));
        files.Where(f => f.StartsWith("fixtures/", StringComparison.Ordinal)).Should().OnlyContain(f => f.StartsWith("fixtures/snapshots/", StringComparison.Ordinal));
        files.Should().NotContain(f => Regex.IsMatch(f, "(^|/)(bin|obj)/"), "build output is never copied");
        files.Should().NotContain(f => f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase), "trained weights are never copied");
    }

    [Test]
    public void The_hand_in_folder_holds_the_template_files_of_the_assignments_contracts_only()
    {
        var handin = _tree.Files().Where(f => f.StartsWith(AssignmentLayout.HandinFolder + "/", StringComparison.Ordinal)).Select(f => f[(AssignmentLayout.HandinFolder.Length + 1)..]).ToList();
        // Sheet 000 grades the Heidelberg exercise 1 (the reverse step, interpolation, shared noise, DDIM and training; not the DTU DDPM or the TUM schedules),
        // exercise 2 (the coupling block, the INN, the preprocessing, training, the likelihoods; not the TUM flow questions) and the loss quickies 3 (a), (e).
        handin.Should().BeEquivalentTo(["DdimReverseStep.cs", "DdpmReverseStep.cs", "DiffusionTrainingParts.cs", "LatentInterpolation.cs", "README.md", "SameNoiseSampler.cs",
            "AffineCouplingBlock.cs", "InvertibleNeuralNetwork.cs", "EventPreprocessing.cs", "InnTrainingParts.cs", "FlowNegativeLogLikelihood.cs", "MostLikelyEvents.cs",
            "QuickieRegressionLoss.cs", "QuickieClassificationLoss.cs", "QuickieVaeLoss.cs", "QuickieGanLoss.cs", "QuickieFlowLoss.cs", "Handin.csproj"]);
        var templates = Path.Combine(RepositoryRoot.Path, "Submissions", "Template");
        foreach (var file in handin.Where(f => f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var template = Directory.EnumerateFiles(templates, file, SearchOption.AllDirectories).Single();
            _tree.Read($"{AssignmentLayout.HandinFolder}/{file}").Should().Be(File.ReadAllText(template));
            _tree.Read($"{AssignmentLayout.HandinFolder}/{file}").Should().Contain("NotImplementedException");
        }

        var readme = _tree.Read($"{AssignmentLayout.HandinFolder}/README.md");
        readme.Should().Contain("| `DdimReverseStep.cs` |").And.NotContain("| `DtuDdpm.cs` |", "the README lists the files of this assignment only");
        _tree.Read(AssignmentFile.FileName).Should().Contain("\"sheet\": \"000\"");
    }

    [Test]
    public void The_assigned_template_compiles_and_binds_every_contract_of_the_assignment()
    {
        var compiled = Grader.Checks.Handins.HandinCompiler.Default.Compile(Grader.Checks.Handins.HandinSource.FromFolder(Path.Combine(_tree.Folder, AssignmentLayout.HandinFolder)));
        compiled.Success.Should().BeTrue(compiled.Summary());
        var handin = new Grader.Remote.Handins.HandinInstance(compiled.Assembly!);
        _tree.Assignment.Contracts.Should().NotBeEmpty().And.OnlyContain(c => handin.Bind(c).Found);
    }

    [Test]
    public void No_project_references_the_reference_or_the_hidden_checks_and_every_reference_resolves_in_the_copy()
    {
        var projects = _tree.Files().Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).ToList();
        projects.Should().BeEquivalentTo(AssignmentLayout.Projects.Append(AssignmentLayout.HandinProject).Select(p => p.RelativePath));
        foreach (var project in projects)
        {
            var path = Path.Combine(_tree.Folder, project);
            foreach (var include in XDocument.Load(path).Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!))
            {
                include.Should().NotContainAny(["Grader.Reference", "Grader.Checks.Hidden"], $"{project} must not reference the reference or the hidden checks");
                File.Exists(Path.Combine(Path.GetDirectoryName(path)!, include)).Should().BeTrue($"{project}'s reference {include} must resolve in the copy");
            }
        }
    }

    /// <summary>
    /// The engine, the contracts, hand-in loading and the analyzer are the tool's own assemblies (those beside this test's
    /// program, byte for byte) in lib/, with a manifest of their SHA-256; the projects that need them reference them
    /// there, the hand-in's project the contracts, the engine and the analyzer only; and no project of theirs ships.
    /// </summary>
    [Test]
    public void The_tool_assemblies_lie_in_lib_with_their_hashes_and_the_projects_reference_them_there()
    {
        var assemblies = ToolAssemblies.Of(AppContext.BaseDirectory);
        _tree.Files().Where(f => f.StartsWith(ToolAssemblies.Folder + "/", StringComparison.Ordinal))
            .Should().BeEquivalentTo(assemblies.Files.Select(f => f.Relative).Append(ToolAssemblies.ManifestFile));
        using var manifest = JsonDocument.Parse(_tree.Read(ToolAssemblies.ManifestFile));
        manifest.RootElement.GetProperty("tool").GetString().Should().Be($"grader {assemblies.Version}");
        var hashes = manifest.RootElement.GetProperty("assemblies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        hashes.Keys.Should().BeEquivalentTo(assemblies.Files.Select(f => f.Relative));
        foreach (var (source, relative) in assemblies.Files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_tree.Folder, relative));
            bytes.Should().Equal(File.ReadAllBytes(source), $"{relative} is the tool's own");
            hashes[relative].Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        _tree.Files().Should().NotContain(f => f.EndsWith(".csproj", StringComparison.Ordinal) && AssignmentLayout.ReadOnlySources.Any(s => f.StartsWith(s + "/", StringComparison.Ordinal)),
            "the engine's and the contracts' sources are there to read, not to build");
        string[] Hints(string project) => [.. XDocument.Load(Path.Combine(_tree.Folder, project)).Descendants("Reference")
            .Select(e => Path.GetRelativePath(_tree.Folder, Path.GetFullPath(Path.Combine(_tree.Folder, Path.GetDirectoryName(project)!, (string)e.Element("HintPath")! ?? (string)e.Attribute("HintPath")!))).Replace('\\', '/'))];
        Hints("Graders/Checks/Grader.Checks.csproj").Should().BeEquivalentTo(AssignmentLayout.Prebuilt.Select(ToolAssemblies.PathOf));
        Hints("Tests/SelfCheck/Grader.SelfCheck.csproj").Should().BeEquivalentTo(AssignmentLayout.Prebuilt.Select(ToolAssemblies.PathOf), "a referenced assembly's references do not flow to the project above");
        Hints(AssignmentLayout.HandinProject.RelativePath).Should().BeEquivalentTo(["lib/Grader.Contracts.dll", "lib/Grader.Tensors.dll"], "a hand-in compiles against the contracts and the engine, as the grader compiles it");
        XDocument.Load(Path.Combine(_tree.Folder, AssignmentLayout.HandinProject.RelativePath)).Descendants("Analyzer").Select(e => (string)e.Attribute("Include")!)
            .Should().Equal("../" + ToolAssemblies.PathOf(AssignmentLayout.Analyzer));
    }

    [Test]
    public void The_solution_holds_exactly_the_copied_projects()
    {
        var solution = _tree.Read(GraderRepository.SolutionFile);
        var listed = Regex.Matches(solution, "^Project\\(\"\\{[^}]+\\}\"\\) = \"[^\"]+\", \"([^\"]+)\"", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Replace('\\', '/'));
        listed.Should().BeEquivalentTo(_tree.Files().Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)));
        solution.Should().NotContainAny("Grader.Reference", "Grader.Checks.Hidden", "Grader.Cli");
    }

    [Test]
    public void No_file_names_a_type_of_the_hidden_checks_or_of_the_reference_solution()
    {
        var names = ForbiddenNames.For(_tree.Folder);
        names.Should().Contain(["HeidelbergVTrainingQuality", "DtuSamplerFollowsOracleLaw", "ReverseStepHasPosteriorVariance", "InnTrainingQuality", "DiffusionTutorPack", "TutorCatalog"],
            "the names are read from the hidden checks and the reference, so the search has something to find");
        var leaks = _tree.Files()
            .SelectMany(f => ForbiddenNames.Occurrences(_tree.Read(f), names).Select(line => $"{f}: {line}"))
            .ToList();
        leaks.Should().BeEmpty();
    }

    [Test]
    public void The_name_search_finds_a_hidden_check_in_code_but_not_its_id()
    {
        var names = ForbiddenNames.For(_tree.Folder);
        ForbiddenNames.Occurrences("var check = new DtuSamplerFollowsOracleLaw();\nvar handin = TutorCatalog.ReferenceResolver();", names)
            .Should().HaveCount(2);
        ForbiddenNames.Occurrences("Hidden(\"diffusion.dtu.sampler-follows-oracle-law\", \"sheet 004\")", names)
            .Should().BeEmpty();
    }

    [Test]
    public void The_catalog_names_hidden_checks_only_by_id()
    {
        var pack = _tree.Read("Graders/Checks/Diffusion/DiffusionPack.cs");
        var hidden = CourseCatalog.Default.Tasks.SelectMany(t => t.Checks).Where(c => c.Visibility == Visibility.Hidden).ToList();
        hidden.Should().NotBeEmpty();
        hidden.Should().OnlyContain(c => c.Check is DeferredCheck, "every hidden check is declared only by its id in the shipped catalog");
        pack.Should().Contain("Hidden(\"diffusion.");
    }

    [Test]
    public void The_snapshots_are_the_approved_ones_of_the_visible_checks()
    {
        var snapshots = _tree.Files().Where(f => f.StartsWith("fixtures/", StringComparison.Ordinal)).ToList();
        // Sheet 000's visible exact checks: the reverse step of 1 (a), the shared-noise trajectory of 1 (c), the DDIM step of 1 (d);
        // the coupling block, the INN and the preprocessing of 2 (c), the NLL and the most likely events of 2 (d).
        snapshots.Should().BeEquivalentTo(
            "fixtures/snapshots/diffusion/reverse-step.approved.json",
            "fixtures/snapshots/diffusion/same-noise-trajectory.approved.json",
            "fixtures/snapshots/diffusion/ddim-step.approved.json",
            "fixtures/snapshots/flows/coupling-block.approved.json",
            "fixtures/snapshots/flows/invertible-network.approved.json",
            "fixtures/snapshots/flows/preprocessing.approved.json",
            "fixtures/snapshots/flows/negative-log-likelihood.approved.json",
            "fixtures/snapshots/flows/most-likely-events.approved.json");
        foreach (var snapshot in snapshots)
        {
            _tree.Read(snapshot).Should().Be(File.ReadAllText(Path.Combine(RepositoryRoot.Path, snapshot)));
        }
    }

    [Test]
    public void The_readme_says_where_to_write_code_how_to_test_and_how_many_hidden_points_there_are()
    {
        var readme = _tree.Read("README.md");
        var points = AssignmentPoints.Of(_tree.Assignment);
        points.HiddenPoints.Should().BeGreaterThan(0);
        readme.Should().Contain("`Handin/`").And.Contain("dotnet test").And.Contain($"Hidden** checks worth **{Grader.Checks.Grading.TextReport.Points(points.HiddenPoints)}**");
        readme.Should().Contain($"`grader / sheet {_tree.Assignment.Id}`", "the README names the status the tutor's workflow posts")
            .And.NotContain("secrets:", "the student's repository needs no secret for the hidden checks");
    }

    [Test]
    public void The_workflow_runs_dotnet_test_on_every_push_and_writes_the_job_summary_with_the_hidden_points()
    {
        var workflow = _tree.Read(AssignmentLayout.WorkflowPath);
        var points = AssignmentPoints.Of(_tree.Assignment);
        workflow.Should().Contain("on:\n  push:").And.Contain("run: dotnet test").And.Contain("GITHUB_STEP_SUMMARY")
            .And.Contain($"Hidden checks worth **{Grader.Checks.Grading.TextReport.Points(points.HiddenPoints)}**");
    }
}
