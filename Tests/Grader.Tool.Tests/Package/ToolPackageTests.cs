using System.IO.Compression;
using System.Text;
using Grader.Checks.Hidden.Catalog;
using Grader.Cli.Assign;

namespace Grader.Tool.Tests.Package;

/// <summary>
/// The tool package carries what <c>grader assign</c> writes, and nothing of the answers (issue 48): the package of this
/// build (<c>dotnet pack Graders/Cli</c>, unzipped) holds in <c>assign/</c> the copied projects, the engine's and the
/// contracts' sources to read, every pack's template, the approved snapshots and the build files (beside the program: the
/// engine, contracts, hand-in loading and analyzer assemblies a student repository builds against), and no file of the reference, the hidden checks, the examples or the
/// rubrics, no assembly and no secret type name. A repository written from that content alone, for each sheet, holds
/// only the sheet's families, builds, and its self-check passes on the sheet's correct example; and as a tutor does it:
/// the installed tool, run in an empty folder with no checkout above it, assigns sheet 003 and the repository's
/// <c>dotnet test</c> passes on a correct hand-in. Each sheet's repository is a cold restore and build (≈ 28 CPU-s), so
/// CI builds one: the tutor's, which is also the repository written from the package's content (the installed tool
/// assigns from it); the other sheets' repositories are the explicit twin below.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public sealed class ToolPackageTests
{
    /// <summary>
    /// The sheet the tutor's run (the installed tool) assigns and builds: 003, the sheet whose families (ODE/SDE only)
    /// keep the fewest of the others' files, so a dangling reference shows there first. The others are written from the
    /// package's content in process, by hand (explicit).
    /// </summary>
    private const string TutorSheet = "003";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private Scratch _scratch = null!;
    private string _packages = null!;
    private string _tools = null!;
    private string _content = null!;
    private IReadOnlyList<(string Path, byte[] Bytes)> _entries = null!;

    /// <summary>
    /// The sheets whose repository is written from the package's content in process and built, besides the tutor's: every
    /// other sheet, explicit (a cold restore and build each, ≈ 28 CPU-s; the tutor's run builds sheet 003 from the same
    /// content in CI, and <see cref="Assign.AssignedFamiliesTests"/> checks every sheet's files). Run them by hand with
    /// <c>--filter "FullyQualifiedName~A_repository_written_from_the_packages_content"</c>.
    /// </summary>
    public static IEnumerable<TestCaseData> SheetsWrittenFromTheContent() =>
        CourseCatalog.Default.Sheets.Select(s => s.Id).Where(s => s != TutorSheet)
            .Select(s => new TestCaseData(s).Explicit("a cold student build each; the tutor's run builds sheet 003 in CI"));

    [OneTimeSetUp]
    public async Task Pack_the_tool_and_unzip_its_assign_content()
    {
        _scratch = new Scratch();
        (_packages, _tools) = await ToolPackage.PackedAndInstalled();
        var package = Directory.GetFiles(_packages, "grader.*.nupkg").Should().ContainSingle().Subject;
        using var zip = ZipFile.OpenRead(package);
        var tool = zip.Entries.Select(e => e.FullName).Single(n => n.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));
        var prefix = tool[..(tool.LastIndexOf('/') + 1)] + ToolContent.Folder + "/";
        _entries = zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && !e.FullName.EndsWith('/'))
            .Select(e => (e.FullName[prefix.Length..], Read(e)))
            .ToList();
        _content = Path.Combine(_scratch.Root, "tool", ToolContent.Folder);
        foreach (var (path, bytes) in _entries)
        {
            var to = Path.Combine(_content, path);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.WriteAllBytes(to, bytes);
        }

        TestContext.Out.WriteLine($"{Path.GetFileName(package)}: {new FileInfo(package).Length / 1e6:0.0} MB, {_entries.Count} files in {ToolContent.Folder}/ ({_entries.Sum(e => e.Bytes.Length) / 1e6:0.00} MB)");
    }

    [OneTimeTearDown]
    public void CleanUp() => _scratch?.Dispose();

    [Test]
    public void The_package_carries_what_assign_writes_and_nothing_of_the_answers()
    {
        var files = _entries.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        ToolContent.Find(Path.Combine(_scratch.Root, "tool")).Should().Be(_content, "the unzipped tool's folder holds the content");
        ToolContent.Find(_scratch.Root).Should().BeNull("a folder without assign/ holds none");
        files.Should().Contain(ToolContent.Marker);
        files.Should().Contain(AssignmentLayout.Projects.Select(p => p.RelativePath)).And.Contain(AssignmentLayout.RootFiles).And.Contain(CheckSources.Registration);
        foreach (var pack in CourseCatalog.Default.Packs)
        {
            files.Should().Contain(f => f.StartsWith(pack.Folders.Template + "/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal), $"{pack.Family}'s template is packed");
        }

        foreach (var assignment in CourseCatalog.Default.Assignments)
        {
            files.Should().Contain(AssignmentLayout.Of(assignment, CourseCatalog.Default, RepositoryRoot.Path).Snapshots, $"the snapshots sheet {assignment.Sheet.Id}'s visible checks read are packed");
        }

        var installed = Directory.GetDirectories(Path.Combine(_tools, ".store", "grader"), "any", SearchOption.AllDirectories).Single();
        ToolAssemblies.Of(installed).Files.Should().HaveCount(AssignmentLayout.Prebuilt.Count + 1, "the installed tool carries the assemblies a student repository builds against, the analyzer in analyzers/");
        files.Should().NotContain(f => f.StartsWith(AssignmentLayout.Analyzer.Folder + "/", StringComparison.Ordinal), "the analyzer ships compiled, not as source");

        var leaks = Leaks(_entries, ForbiddenNames.For(_content));
        TestContext.Out.WriteLine(string.Join('\n', leaks));
        leaks.Should().BeEmpty("the tool's assign content holds nothing of the reference, the hidden checks, the examples or the rubrics");
    }

    /// <summary>The control: the search of the package's content finds a hidden check, a reference, an example, an assembly, a secret type and a rubric where they are planted.</summary>
    [Test]
    public void The_package_search_finds_a_planted_hidden_check_reference_example_assembly_and_rubric()
    {
        var rubric = ManualRubrics.Texts[("003/1.5/ode-complexity", "answer")];
        (string, byte[])[] planted =
        [
            ("Graders/Hidden/Diffusion/Leak.cs", "namespace X;"u8.ToArray()),
            ("Reference/Solutions/Diffusion/Leak.cs", "namespace X;"u8.ToArray()),
            ("Submissions/Examples/Diffusion/Correct/DtuDdpm.cs", "namespace X;"u8.ToArray()),
            ("Graders/Checks/Grader.Checks.Hidden.dll", [(byte)'M', (byte)'Z', 0, 0]),
            ("Graders/Checks/Leak.cs", "var t = typeof(Grader.Checks.Hidden.TutorCatalog);"u8.ToArray()),
            ("Graders/Checks/Notes.md", Encoding.UTF8.GetBytes(rubric)),
        ];
        var leaks = Leaks(planted, ForbiddenNames.For(_content));
        TestContext.Out.WriteLine(string.Join('\n', leaks));
        foreach (var (path, _) in planted)
        {
            leaks.Should().Contain(l => l.StartsWith(path + ":", StringComparison.Ordinal), $"the search finds {path}");
        }
    }

    [TestCaseSource(nameof(SheetsWrittenFromTheContent))]
    public void A_repository_written_from_the_packages_content_holds_its_families_only_and_passes_on_the_correct_example(string sheet)
    {
        var assignment = CourseCatalog.Default.FindAssignment(sheet)!;
        var repository = Path.Combine(_scratch.Root, $"repo-{sheet}");
        var installed = Directory.GetDirectories(Path.Combine(_tools, ".store", "grader"), "any", SearchOption.AllDirectories).Single();
        var result = StudentRepository.Write(_content, repository, assignment, CourseCatalog.Default, toolFolder: installed);
        SheetFamilies.Foreign(repository, assignment).Should().BeEmpty();
        PassesOnTheCorrectExample(repository, assignment, result.Points.VisiblePoints);
    }

    [Test]
    public async Task A_tutor_installs_the_tool_and_assigns_a_sheet_from_an_empty_folder_without_a_checkout()
    {
        var tools = _tools;
        var tutor = Path.Combine(_scratch.Root, "tutor");
        Directory.CreateDirectory(tutor);
        for (var folder = new DirectoryInfo(tutor); folder is not null; folder = folder.Parent)
        {
            File.Exists(Path.Combine(folder.FullName, GraderRepository.SolutionFile)).Should().BeFalse($"no checkout lies above the tutor's folder ({folder.FullName})");
        }

        var (exit, output) = await ToolPackage.Capture(Path.Combine(tools, "grader"), ["assign", "--sheet", TutorSheet, "--out", "repo"], tutor);
        TestContext.Out.WriteLine(output);
        exit.Should().Be(0);
        var installed = Directory.GetDirectories(Path.Combine(tools, ".store", "grader"), "any", SearchOption.AllDirectories).Single();
        output.Should().Contain($"from {Path.Combine(installed, ToolContent.Folder)})", "the installed tool assigns from its own content");

        var repository = Path.Combine(tutor, "repo");
        var assignment = CourseCatalog.Default.FindAssignment(TutorSheet)!;
        SheetFamilies.Foreign(repository, assignment).Should().BeEmpty();
        PassesOnTheCorrectExample(repository, assignment, AssignmentPoints.Of(assignment).VisiblePoints);
    }

    /// <summary>The sheet's packs' correct examples copied into the hand-in folder; <c>dotnet test</c> passes with every visible point.</summary>
    private static void PassesOnTheCorrectExample(string repository, Assignment assignment, double visiblePoints)
    {
        var handin = Path.Combine(repository, AssignmentLayout.HandinFolder);
        foreach (var pack in SheetFamilies.Of(assignment))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot.Path, pack.Folders.Correct), "*.cs"))
            {
                File.Copy(file, Path.Combine(handin, Path.GetFileName(file)), overwrite: true);
            }
        }

        var clock = Stopwatch.StartNew();
        var (exit, output) = StudentDotnet.Run(repository, "test", Limit);
        TestContext.Out.WriteLine($"sheet {assignment.Sheet.Id}: dotnet test (cold restore and build) in {clock.Elapsed.TotalSeconds:0} s");
        TestContext.Out.WriteLine(string.Join('\n', output.Split('\n').Select(line => "| " + line)));
        output.Should().NotContain("error CS", "the repository of the sheet's families builds");
        exit.Should().Be(0, "the self-check passes on the correct example");
        var points = PointsText.Shown(visiblePoints);
        output.Should().Contain($"Visible: {points} / {points} points", "the correct example earns every visible point");
    }

    /// <summary>Every entry of the content that is, names or holds something of the answers, with why.</summary>
    private static List<string> Leaks(IEnumerable<(string Path, byte[] Bytes)> entries, IReadOnlySet<string> names)
    {
        var leaks = new List<string>();
        foreach (var (path, bytes) in entries)
        {
            leaks.AddRange(AssignmentLayout.ForbiddenFolders.Where(f => path.StartsWith(f + "/", StringComparison.OrdinalIgnoreCase)).Select(f => $"{path}: under {f}"));
            leaks.AddRange(SecretTypes.AssemblyNames.Where(n => path.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{path}: named after {n}"));
            leaks.AddRange(SecretTypes.In(bytes).Select(n => $"{path}: {n}"));
            if (bytes.Length > 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z')
            {
                leaks.Add($"{path}: a binary (the content is source only)");
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            leaks.AddRange(ForbiddenNames.Occurrences(text, names).Select(line => $"{path}: {line}"));
            leaks.AddRange(CopiedRubrics.In(text).Select(r => $"{path}: the tutor's rubric of {r}"));
        }

        return leaks;
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
