using System.Xml.Linq;

namespace Grader.Cli.Tests.Layering;

/// <summary>
/// The grader's rooms as projects (issue 69), read from the project files' <c>ProjectReference</c>s (and those of the
/// <c>.targets</c> they import from their own folder): references run one way, Grader.Cli → (grader-serve, as a program
/// beside it) Grader.Serve → Grader.Web → Grader.Semester → Grader.Grading → Grader.Runner → (grader-worker) Grader.Worker
/// → the checks and everything below; nothing below a room references it; no cycle anywhere; only Grader.Web has the
/// ASP.NET Core framework reference, and the tool reaches it only through grader-serve (issues 81 and 83).
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>The rooms, lowest first: each may reference those before it, never one after it.</summary>
    private static readonly string[] Rooms = ["Grader.Runner", "Grader.Grading", "Grader.Semester", "Grader.Web", "Grader.Serve", "Grader.Cli"];

    private static readonly string[] Folders = ["Graders", "Reference", "Submissions", "Tests"];

    [Test]
    public void The_repositorys_projects_reference_one_way_and_form_no_cycle()
    {
        var graph = Graph(RepositoryRoot.Path);

        graph.Keys.Should().Contain(Rooms, "every room is a project of its own");
        Violations(graph, TestProjects(RepositoryRoot.Path)).Should().BeEmpty();
    }

    [Test]
    public void Only_the_web_app_has_the_ASP_NET_Core_framework_reference()
    {
        var withAspNet = Projects(RepositoryRoot.Path)
            .Where(p => !IsTest(RepositoryRoot.Path, p))
            .Where(p => XDocument.Load(p).Descendants("FrameworkReference").Any(e => (string?)e.Attribute("Include") == "Microsoft.AspNetCore.App"))
            .Select(Path.GetFileNameWithoutExtension);

        withAspNet.Should().Equal("Grader.Web");
    }

    /// <summary>
    /// Each process starts its own small program: the runner ships grader-worker (Graders/Worker, referencing nothing above
    /// the checks) and starts it instead of the grader; the tool references no Grader.Web, and ships grader-serve beside it
    /// as a program only (no assembly of it, so no ASP.NET Core, reaches grader's references or runtime configuration).
    /// </summary>
    [Test]
    public void The_runner_ships_its_own_worker_and_the_tool_reaches_the_web_app_only_as_a_program()
    {
        var graph = Graph(RepositoryRoot.Path);
        var assemblies = Graph(RepositoryRoot.Path, assembliesOnly: true);

        graph["Grader.Runner"].Should().Contain("Grader.Worker", "the runner's worker program is the runner's own");
        graph["Grader.Worker"].Should().Equal(["Grader.Checks"], "the worker references nothing above the checks, no room and no command");
        graph["Grader.Cli"].Should().Contain("Grader.Serve").And.NotContain("Grader.Web");
        assemblies["Grader.Cli"].Should().NotContain("Grader.Serve", "grader-serve ships beside grader as a program, not as a reference");
        Closure(assemblies, "Grader.Cli").Should().NotContain(["Grader.Web", "Grader.Serve"], "no assembly grader references reaches ASP.NET Core");
        Closure(assemblies, "Grader.Serve").Should().Contain("Grader.Web", "the control: the closure follows references down");
    }

    /// <summary>
    /// The tutor's side (Grader.Checks.Hidden: hidden checks, references, rubrics) is named only by the programs that
    /// grade with it (grader, grader-serve), which pass the tutor catalog down; no room reaches it (issue 83, item 3): a
    /// course file is read as a catalog of the side the verb was given (<c>CourseCatalog.SameSide</c>).
    /// </summary>
    [Test]
    public void No_room_references_the_tutors_side_the_programs_pass_it_down()
    {
        var assemblies = Graph(RepositoryRoot.Path, assembliesOnly: true);
        foreach (var room in new[] { "Grader.Runner", "Grader.Grading", "Grader.Semester", "Grader.Web" })
        {
            Closure(assemblies, room).Should().NotContain("Grader.Checks.Hidden", $"{room} is given the tutor catalog, never names it");
        }

        Closure(assemblies, "Grader.Serve").Should().Contain("Grader.Checks.Hidden", "the control: grader-serve grades with the tutor catalog");
        Closure(assemblies, "Grader.Cli").Should().Contain("Grader.Checks.Hidden", "the control: grader grades with the tutor catalog");
    }

    /// <summary>
    /// The tests mirror the rooms (issue 83, item 2): test projects share helpers through the support libraries, split by
    /// room as the tests are (Grader.Tests.Support; Grader.Checks.Tests.Support for those that need the checks;
    /// Grader.Runner.Tests.Support, Grader.Grading.Tests.Support, Grader.Semester.Tests.Support and
    /// Grader.Cli.Tests.Support for those that need that room; Grader.Tests.SamplePack, the sample pack), never through
    /// each other's test assemblies: no test project references another. A room's test project references its room, what
    /// is below it and the support libraries of those rooms, and a support library does the same; the tests that run the
    /// tool itself (<c>grader</c> in process or as a process) are the tool's (Grader.Cli.Tests), those that grade a
    /// hand-in whole through the grading room's HandinRunner the grading room's (Grader.Grading.Tests), and the grading
    /// and runner tests take the ReadyToRun copies their compile servers run from grader-worker's build
    /// (Graders/Worker/WorkerReadyToRun.targets; grader-worker comes with Graders/Runner), not from the tool's. The
    /// edges left are listed, each a move left: grader serve's tests grade and serve with the tool (30 of their 50 files
    /// name its types, 37 use them or the fixtures built on them: ServeCourse, GradedServeSheet, ServerProcess,
    /// SemesterCommands, CommonOptions.Catalog; <c>grader grade</c>, <c>semester record</c>, <c>serve tutor add</c> in
    /// process, <c>grader serve</c> as a process, and the tool's refusals of <c>serve</c>'s words), so the edge goes when
    /// those fixtures set their course up through the rooms and the tests of the tool's words and process move to
    /// Grader.Cli.Tests (issue 83 left it: the files were being edited on three other branches).
    /// </summary>
    [Test]
    public void Test_projects_reference_no_other_test_project_and_no_room_above_their_own_but_the_ones_left()
    {
        var tests = ProjectsWithTests(RepositoryRoot.Path);
        tests.Should().Contain(["Grader.Cli.Tests", "Grader.Grading.Tests", "Grader.Web.Tests"], "the search finds the test projects")
            .And.NotContain(["Grader.Cli.Tests.Support", "Grader.Runner.Tests.Support", "Grader.Grading.Tests.Support", "Grader.Semester.Tests.Support", "Grader.Checks.Tests.Support", "Grader.Tests.Support", "Grader.Tests.SamplePack"], "a support library holds no tests");

        TestViolations(Graph(RepositoryRoot.Path), tests, Graph(RepositoryRoot.Path, assembliesOnly: true)).Should().Equal(
            "Grader.Web.Tests → Grader.Cli: a room above its own (Grader.Web)",
            "Grader.Web.Tests → Grader.Cli.Tests.Support: a support library of a room above its own (Grader.Web)");
    }

    /// <summary>
    /// A test project takes a program's build output only through the files of a project it may reference (issue 83,
    /// item 2): the grading and runner tests import grader-worker's ReadyToRun copies (Graders/Worker/WorkerReadyToRun.targets),
    /// not Graders/Cli's GraderReadyToRun.targets, whose targets build the tool, a reference the project graph does not
    /// show. Read from the test projects' <c>Import</c>s; the one left is grader serve's tests' (the edge listed above).
    /// </summary>
    [Test]
    public void Test_projects_import_no_file_of_a_room_above_their_own_but_the_one_left()
    {
        var tests = ProjectsWithTests(RepositoryRoot.Path);
        var imports = Projects(RepositoryRoot.Path).Where(p => tests.Contains(Path.GetFileNameWithoutExtension(p))).Order(StringComparer.Ordinal)
            .SelectMany(p => ImportedFromAbove(p, File.ReadAllText(p)));

        imports.Should().Equal("Grader.Web.Tests imports ../../Graders/Cli/GraderReadyToRun.targets, a file of Grader.Cli, a room above its own (Grader.Web)");
    }

    [Test]
    public void A_test_project_importing_a_file_of_a_room_above_its_own_is_named()
    {
        var project = Path.Combine(RepositoryRoot.Path, "Tests", "Grader.Runner.Tests", "Grader.Runner.Tests.csproj");
        const string Xml = """
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="../../Graders/Host/ShipHost.targets" />
              <Import Project="../../Graders/Worker/WorkerReadyToRun.targets" />
              <Import Project="../../Graders/Cli/GraderReadyToRun.targets" />
              <Import Project="../../Graders/ReadyToRun.targets" />
            </Project>
            """;

        ImportedFromAbove(project, Xml).Should().Equal(
            "Grader.Runner.Tests imports ../../Graders/Cli/GraderReadyToRun.targets, a file of Grader.Cli, a room above its own (Grader.Runner)");
    }

    /// <summary>The <c>Import</c>s of test project <paramref name="project"/> (its text <paramref name="xml"/>) from the folder of a room above its own.</summary>
    private static IEnumerable<string> ImportedFromAbove(string project, string xml)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        var room = RoomOfTests(name);
        var rank = Array.IndexOf(Rooms, room);
        foreach (var import in XDocument.Parse(xml).Descendants("Import").Select(e => (string?)e.Attribute("Project")).OfType<string>())
        {
            var folder = Path.GetDirectoryName(Resolve(Path.GetDirectoryName(project)!, import))!;
            var owner = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.csproj").Select(Path.GetFileNameWithoutExtension).SingleOrDefault() : null;
            if (owner is not null && Array.IndexOf(Rooms, owner) > rank)
            {
                yield return $"{name} imports {import}, a file of {owner}, a room above its own ({(rank < 0 ? "none" : room)})";
            }
        }
    }

    /// <summary>
    /// Test projects share source through the support libraries, never by compiling another project's file in by a link
    /// (issue 83, item 2: DiffusionCheckHarness and PlantedCopy were; they are Grader.Checks.Tests.Support's now).
    /// </summary>
    [Test]
    public void No_test_project_compiles_a_file_of_another_project_in()
    {
        var linked = Projects(RepositoryRoot.Path).Where(p => IsTest(RepositoryRoot.Path, p)).SelectMany(p => CompiledFromOutside(p, File.ReadAllText(p)));

        linked.Should().BeEmpty();
    }

    [Test]
    public void A_file_compiled_in_from_another_project_is_named()
    {
        var project = Path.Combine(RepositoryRoot.Path, "Tests", "Grader.Reference.Tests", "Grader.Reference.Tests.csproj");
        const string Xml = """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <Compile Include="../Grader.Checks.Tests/Diffusion/Harness.cs" Link="Hidden/Harness.cs" />
                <Compile Include="Hidden/Own.cs" />
                <Compile Remove="Examples/**" />
              </ItemGroup>
            </Project>
            """;

        CompiledFromOutside(project, Xml).Should().Equal("Grader.Reference.Tests compiles ../Grader.Checks.Tests/Diffusion/Harness.cs, a file outside its folder");
    }

    /// <summary>The <c>Compile Include</c>s of <paramref name="project"/> (its text <paramref name="xml"/>) that reach outside its folder.</summary>
    private static IEnumerable<string> CompiledFromOutside(string project, string xml)
    {
        var folder = Path.GetDirectoryName(project)!;
        return XDocument.Parse(xml).Descendants("Compile").Select(e => (string?)e.Attribute("Include")).OfType<string>()
            .Where(include => !Path.GetFullPath(Path.Combine(folder, include.Replace('\\', '/'))).StartsWith(folder + "/", StringComparison.Ordinal))
            .Select(include => $"{Path.GetFileNameWithoutExtension(project)} compiles {include}, a file outside its folder");
    }

    [Test]
    public void A_test_project_reaching_another_or_a_room_above_its_own_is_named()
    {
        var graph = Graph(RepositoryRoot.Path).ToDictionary(p => p.Key, p => p.Value);
        var tests = ProjectsWithTests(RepositoryRoot.Path);
        graph["Grader.Semester.Tests"] = [.. graph["Grader.Semester.Tests"], "Grader.Grading.Tests"];
        graph["Grader.Runner.Tests"] = [.. graph["Grader.Runner.Tests"], "Grader.Web"];
        graph["Grader.Checks.Tests"] = [.. graph["Grader.Checks.Tests"], "Grader.Runner"];
        graph["Grader.Grading.Tests"] = [.. graph["Grader.Grading.Tests"], "Grader.Cli.Tests.Support"];
        graph["Grader.Semester.Tests.Support"] = [.. graph["Grader.Semester.Tests.Support"], "Grader.Web"];
        graph["Grader.Checks.Tests.Support"] = [.. graph["Grader.Checks.Tests.Support"], "Grader.Grading.Tests.Support"];

        TestViolations(graph, tests).Should().Contain([
            "Grader.Semester.Tests → Grader.Grading.Tests: another test project",
            "Grader.Runner.Tests → Grader.Web: a room above its own (Grader.Runner)",
            "Grader.Checks.Tests → Grader.Runner: a room, with none of its own",
            "Grader.Grading.Tests → Grader.Cli.Tests.Support: a support library of a room above its own (Grader.Grading)",
            "Grader.Semester.Tests.Support → Grader.Web: a room above its own (Grader.Semester)",
            "Grader.Checks.Tests.Support → Grader.Grading.Tests.Support: a support library of a room, with none of its own"]);
        TestViolations(graph, tests).Should().NotContain(v => v.StartsWith("Grader.Semester.Tests.Support → Grader.Grading.Tests.Support", StringComparison.Ordinal),
            "the control: a support library may reference the support library of a room below its own");

        var assemblies = Graph(RepositoryRoot.Path, assembliesOnly: true).ToDictionary(p => p.Key, p => p.Value);
        assemblies["Grader.Runner.Tests"] = [.. assemblies["Grader.Runner.Tests"], "Grader.Web"];
        TestViolations(graph, tests, assemblies).Should().Contain("Grader.Semester.Tests.Support → Grader.Web: a room above its own (Grader.Semester), as a build output only")
            .And.Contain("Grader.Runner.Tests → Grader.Web: a room above its own (Grader.Runner)", "the control: a reference that brings its assembly is no output-only one");
        TestViolations(graph, tests).Should().NotContain(v => v.StartsWith("Grader.Web.Tests", StringComparison.Ordinal) && v.Contains("another test project", StringComparison.Ordinal),
            "the control: a support library is no test project");
    }

    /// <summary>
    /// What the test projects (<paramref name="tests"/>) and the support libraries of <paramref name="graph"/> reference
    /// that they should not: another test project, a room above their own, or the support library of a room above their
    /// own (Grader.X.Tests and Grader.X.Tests.Support belong to room Grader.X; the tool's own test projects,
    /// Grader.Cli.Tests, Grader.Tool.Tests and Grader.Cli.Sharding.Tests, to Grader.Cli, the top; a test project or
    /// support library of no room — the checks', the engine's, the reference's, Grader.Tests.Support — references no room
    /// and no room's support library). With <paramref name="assemblies"/> (the graph of assembly references), a room
    /// referenced as a build output only (<c>ReferenceOutputAssembly="false"</c>) is named so.
    /// </summary>
    private static List<string> TestViolations(
        IReadOnlyDictionary<string, IReadOnlyList<string>> graph, IReadOnlySet<string> tests, IReadOnlyDictionary<string, IReadOnlyList<string>>? assemblies = null)
    {
        var violations = new List<string>();
        foreach (var (project, references) in graph.Where(p => tests.Contains(p.Key) || IsSupportLibrary(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var room = RoomOfTests(project);
            var rank = Array.IndexOf(Rooms, room);
            foreach (var reference in references.Order(StringComparer.Ordinal))
            {
                var supportRank = IsSupportLibrary(reference) ? Array.IndexOf(Rooms, RoomOfTests(reference)) : -1;
                if (tests.Contains(reference))
                {
                    violations.Add($"{project} → {reference}: another test project");
                }
                else if (Rooms.Contains(reference) && rank < 0)
                {
                    violations.Add($"{project} → {reference}: a room, with none of its own");
                }
                else if (Array.IndexOf(Rooms, reference) > rank)
                {
                    var outputOnly = assemblies is not null && !(assemblies.GetValueOrDefault(project) ?? []).Contains(reference);
                    violations.Add($"{project} → {reference}: a room above its own ({room}){(outputOnly ? ", as a build output only" : "")}");
                }
                else if (supportRank >= 0 && rank < 0)
                {
                    violations.Add($"{project} → {reference}: a support library of a room, with none of its own");
                }
                else if (supportRank > rank)
                {
                    violations.Add($"{project} → {reference}: a support library of a room above its own ({room})");
                }
            }
        }

        return violations;
    }

    /// <summary>The room whose tests (or their helpers) <paramref name="project"/> holds, or "" for none.</summary>
    private static string RoomOfTests(string project) =>
        project is "Grader.Cli.Tests" or "Grader.Tool.Tests" or "Grader.Cli.Sharding.Tests" ? "Grader.Cli"
            : project.EndsWith(".Tests", StringComparison.Ordinal) ? project[..^".Tests".Length]
            : project.EndsWith(".Tests.Support", StringComparison.Ordinal) ? project[..^".Tests.Support".Length]
            : "";

    /// <summary>The test projects' shared class libraries (Tests/Grader.*.Tests.Support, the sample pack): no tests, helpers only.</summary>
    private static bool IsSupportLibrary(string project) =>
        project.EndsWith(".Tests.Support", StringComparison.Ordinal) || project == "Grader.Tests.SamplePack";

    [Test]
    public void A_reference_against_the_direction_is_named()
    {
        var graph = Graph(RepositoryRoot.Path).ToDictionary(p => p.Key, p => p.Value);
        graph["Grader.Grading"] = [.. graph["Grader.Grading"], "Grader.Semester"];
        graph["Grader.Checks"] = [.. graph["Grader.Checks"], "Grader.Runner"];
        graph["Grader.Worker"] = [.. graph["Grader.Worker"], "Grader.Cli"];
        graph["Grader.Web"] = [.. graph["Grader.Web"], "Grader.Serve"];

        Violations(graph, new HashSet<string>()).Should().Contain(
            ["Grader.Grading → Grader.Semester: against the direction", "Grader.Checks → Grader.Runner: below the rooms, references a room",
                "Grader.Worker → Grader.Cli: below the rooms, references a room", "Grader.Web → Grader.Serve: against the direction"]);
    }

    [Test]
    public void A_cycle_is_named()
    {
        var graph = new Dictionary<string, IReadOnlyList<string>>
        {
            ["A.Tests"] = ["B.Tests"],
            ["B.Tests"] = ["C.Tests"],
            ["C.Tests"] = ["A.Tests"],
        };

        Violations(graph, graph.Keys.ToHashSet()).Should().ContainSingle().Which.Should().StartWith("cycle: ").And.Contain("A.Tests");
    }

    /// <summary>What breaks the layering in <paramref name="graph"/>; the projects in <paramref name="tests"/> may reference any room.</summary>
    private static List<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph, IReadOnlySet<string> tests)
    {
        var violations = new List<string>();
        foreach (var (project, references) in graph)
        {
            var rank = Array.IndexOf(Rooms, project);
            foreach (var reference in references.Where(r => Rooms.Contains(r)))
            {
                if (rank >= 0 && Array.IndexOf(Rooms, reference) >= rank)
                {
                    violations.Add($"{project} → {reference}: against the direction");
                }
                else if (rank < 0 && !tests.Contains(project))
                {
                    violations.Add($"{project} → {reference}: below the rooms, references a room");
                }
            }
        }

        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        var path = new List<string>();
        void Visit(string project)
        {
            if (state.TryGetValue(project, out var done))
            {
                if (!done)
                {
                    violations.Add("cycle: " + string.Join(" → ", path.Skip(path.IndexOf(project)).Append(project)));
                }

                return;
            }

            state[project] = false;
            path.Add(project);
            foreach (var reference in graph.GetValueOrDefault(project) ?? [])
            {
                Visit(reference);
            }

            path.RemoveAt(path.Count - 1);
            state[project] = true;
        }

        foreach (var project in graph.Keys.Order(StringComparer.Ordinal))
        {
            Visit(project);
        }

        return violations;
    }

    /// <summary>Each project's name and the names of the projects it references (with <paramref name="assembliesOnly"/>: not those it only builds and ships, <c>ReferenceOutputAssembly="false"</c>).</summary>
    private static Dictionary<string, IReadOnlyList<string>> Graph(string root, bool assembliesOnly = false) =>
        Projects(root).ToDictionary(
            p => Path.GetFileNameWithoutExtension(p),
            p => (IReadOnlyList<string>)References(p, assembliesOnly).Select(Path.GetFileNameWithoutExtension).Distinct().ToArray()!,
            StringComparer.Ordinal);

    /// <summary>Every project <paramref name="project"/> reaches through <paramref name="graph"/>.</summary>
    private static HashSet<string> Closure(IReadOnlyDictionary<string, IReadOnlyList<string>> graph, string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>(graph[project]);
        while (next.TryPop(out var at))
        {
            if (reached.Add(at))
            {
                foreach (var reference in graph.GetValueOrDefault(at) ?? [])
                {
                    next.Push(reference);
                }
            }
        }

        return reached;
    }

    /// <summary>The project files referenced by <paramref name="file"/> and by the files it imports from its own or a known folder.</summary>
    private static IEnumerable<string> References(string file, bool assembliesOnly = false)
    {
        var folder = Path.GetDirectoryName(file)!;
        var document = XDocument.Load(file);
        foreach (var include in document.Descendants("ProjectReference")
                     .Where(e => !assembliesOnly || !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
                     .Select(e => (string?)e.Attribute("Include")).OfType<string>())
        {
            yield return Resolve(folder, include);
        }

        foreach (var import in document.Descendants("Import").Select(e => (string?)e.Attribute("Project")).OfType<string>())
        {
            var imported = Resolve(folder, import);
            if (File.Exists(imported) && !import.Contains("$(", StringComparison.Ordinal))
            {
                foreach (var reference in References(imported, assembliesOnly))
                {
                    yield return reference;
                }
            }
        }
    }

    /// <summary>An include as MSBuild reads it in <paramref name="folder"/>: the folder of the file that says it, and the grader's root as <c>ToolContent.targets</c> names it.</summary>
    private static string Resolve(string folder, string include) =>
        Path.GetFullPath(Path.Combine(folder, include
            .Replace("$(MSBuildThisFileDirectory)", folder + "/", StringComparison.Ordinal)
            .Replace("$(_GraderRoot)", RepositoryRoot.Path + "/", StringComparison.Ordinal)
            .Replace('\\', '/')));

    private static IEnumerable<string> Projects(string root) =>
        Folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Split('/').Any(s => s is "bin" or "obj"));

    private static bool IsTest(string root, string project) => Path.GetRelativePath(root, project).StartsWith("Tests/", StringComparison.Ordinal);

    /// <summary>The projects that hold tests (they use the test SDK), as against the support libraries beside them.</summary>
    private static HashSet<string> ProjectsWithTests(string root) =>
        Projects(root).Where(p => File.ReadAllText(p).Contains("Microsoft.NET.Test.Sdk", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> TestProjects(string root) =>
        Projects(root).Where(p => IsTest(root, p)).Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet(StringComparer.Ordinal);
}
