using System.Reflection;
using Grader.Checks.Hidden.Catalog;
using Grader.Cli.Assign;

namespace Grader.Cli.Tests.Assign;

/// <summary>
/// What a student may install or run holds neither the reference solution (<c>Grader.Reference</c>) nor the hidden
/// checks (<c>Grader.Checks.Hidden</c>), nor the tutor's rubrics of the manual items: the repository <c>grader assign</c> writes, for every sheet, file by file
/// (names, text; the only binaries, the tool's assemblies in lib/, by their metadata's type names and references, their
/// strings and their type names' simple forms), the assemblies a student's build of it makes (the same projects this test
/// project is built with), and the README's offer to students. The secret type names come from the two assemblies by
/// reflection (<see cref="SecretTypes"/>); a control proves the search finds them where they are.
/// </summary>
[NonParallelizable]
public sealed partial class NoAnswersForStudentsTests
{
    /// <summary>The projects a student repository holds, by assembly name (what a student's <c>dotnet build</c> makes).</summary>
    private static readonly string[] StudentAssemblies = ["Grader.Tensors", "Grader.Contracts", "Grader.Remote", "Grader.Checks"];

    /// <summary>
    /// Oracles that were once shipped in Grader.Checks and now live on the tutor's side (issue 26): the ELBO in double,
    /// the data sets' log-densities, the ODE backward solve in double with the affine closed form, the integrators' steps
    /// and tableaux, the attention layer in double with its bounds and gradients, the log-likelihood by a given integrator, the coupling chain in double, the schedule rule of sheet 002 P4 (b)–(d) with its generator. NoOracleInShippedChecksTests and NoScheduleRuleInShippedChecksTests probe Grader.Checks for their behaviour under any name.
    /// </summary>
    private static readonly string[] MovedOracles =
    [
        "Grader.Checks.Hidden.OdeSde.ElboInDouble", "Grader.Checks.Hidden.OdeSde.DataSetLogDensity", "Grader.Checks.Hidden.OdeSde.LogLikelihoodScheme",
        "Grader.Checks.Hidden.OdeSde.TableauSteps", "Grader.Checks.Hidden.OdeSde.ExplicitTableau",
        "Grader.Checks.Hidden.Attention.AttentionInDouble", "Grader.Checks.Hidden.OdeSde.LogLikelihoodWithOwnSolver",
        "Grader.Checks.Hidden.Flows.CouplingChain", "Grader.Checks.Hidden.Flows.DoubleCouplingBlock",
        "Grader.Checks.Hidden.Diffusion.Schedules.ScheduleValidityProperty", "Grader.Checks.Hidden.Diffusion.Schedules.BetaScheduleGen",
    ];

    /// <summary>The only binaries a student repository holds: the tool's engine, contracts, hand-in loading and analyzer (<see cref="ToolAssemblies"/>).</summary>
    private static readonly HashSet<string> ToolAssemblyFiles =
        [.. AssignmentLayout.Prebuilt.Append(AssignmentLayout.Analyzer).Select(ToolAssemblies.PathOf)];

    [Test]
    public void The_search_has_names_to_find_and_finds_them_in_the_tutors_assemblies()
    {
        SecretTypes.FullNames.Should().Contain(["Grader.Checks.Hidden.TutorCatalog", "Grader.Reference.Diffusion.Ddpm"]);
        SecretTypes.FullNames.Should().HaveCountGreaterThan(200, "both assemblies hold the whole reference and every hidden check");
        SecretTypes.FullNames.Should().Contain(MovedOracles, "the oracles moved to the tutor's side are secret types, so the repository scan forbids their names");
        foreach (var assembly in SecretTypes.Assemblies)
        {
            SecretTypes.InAssembly(assembly.Location).Should().NotBeEmpty($"{assembly.GetName().Name} defines secret types, so the scan of an assembly can fail");
        }

        var hidden = SecretTypes.Assemblies.Single(a => a.GetName().Name == "Grader.Checks.Hidden");
        SecretTypes.InAssembly(hidden.Location).Should().Contain("a reference to the assembly Grader.Reference");
        SecretTypes.In("var t = typeof(Grader.Checks.Hidden.TutorCatalog);"u8.ToArray()).Should().Equal("Grader.Checks.Hidden.TutorCatalog");
        SecretTypes.In(System.Text.Encoding.Unicode.GetBytes("x Grader.Checks.Hidden.TutorCatalog\0")).Should().Equal("Grader.Checks.Hidden.TutorCatalog");
        SecretTypes.In("Grader.Checks.Hidden.TutorCatalogue"u8.ToArray()).Should().BeEmpty("a longer name is another name");
    }

    [TestCaseSource(typeof(CatalogSheets), nameof(CatalogSheets.Ids))]
    public void The_assigned_repository_holds_no_file_no_type_and_no_assembly_of_the_answers(string sheet)
    {
        var tree = SharedAssignedTrees.For(sheet);
        var files = tree.Files();
        files.Should().NotBeEmpty();
        files.Should().NotContain(f => SecretTypes.AssemblyNames.Any(n => f.Contains(n, StringComparison.OrdinalIgnoreCase)), "no file is named after the reference or the hidden checks");
        files.Should().NotContain(f => f.StartsWith("Reference/Solutions/", StringComparison.Ordinal) || f.StartsWith("Graders/Hidden/", StringComparison.Ordinal));

        var simpleNames = ForbiddenNames.For(tree.Folder);
        var leaks = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(tree.Folder, file);
            var bytes = File.ReadAllBytes(path);
            leaks.AddRange(SecretTypes.In(bytes).Select(n => $"{file}: {n}"));
            if (IsAssembly(bytes))
            {
                if (!ToolAssemblyFiles.Contains(file))
                {
                    leaks.Add($"{file}: a binary other than the tool's assemblies in {ToolAssemblies.Folder}/");
                }

                leaks.AddRange(SecretTypes.InAssembly(path).Select(n => $"{file}: {n}"));
                leaks.AddRange(SecretTypes.DefinedNames(path).Where(simpleNames.Contains).Select(n => $"{file}: defines a type named {n}"));
                var strings = System.Text.Encoding.UTF8.GetString(bytes) + System.Text.Encoding.Unicode.GetString(bytes);
                leaks.AddRange(CopiedRubrics.In(strings).Select(r => $"{file}: the tutor's rubric of {r}"));
            }
            else
            {
                var text = File.ReadAllText(path);
                leaks.AddRange(ForbiddenNames.Occurrences(text, simpleNames).Select(line => $"{file}: {line}"));
                leaks.AddRange(CopiedRubrics.In(text).Select(r => $"{file}: the tutor's rubric of {r}"));
            }
        }

        leaks.Should().BeEmpty($"the repository of sheet {sheet} must hold nothing of the reference or the hidden checks");
    }

    [Test]
    public void The_rubric_search_finds_a_pasted_rubric()
    {
        ManualRubrics.Texts.Should().HaveCountGreaterThan(40);
        var text = ManualRubrics.Texts[("003/1.5/ode-complexity", "answer")];
        var half = text.Length / 2;
        var pasted = $"            [Item(\"answer\", 2, \"{text[..half].Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n                + \"{text[half..].Replace("\"", "\\\"", StringComparison.Ordinal)}\")],";
        CopiedRubrics.In(pasted).Should().Contain("003/1.5/ode-complexity answer", "a rubric pasted into a source file, split over a concatenation, is found");
        CopiedRubrics.In("The log-likelihood of the model, and backpropagation through the solver.").Should().BeEmpty("a few words of the sheets are no rubric");
    }

    [Test]
    public void The_assemblies_a_students_build_makes_define_and_reference_nothing_of_the_answers()
    {
        var folder = AppContext.BaseDirectory;
        foreach (var name in StudentAssemblies)
        {
            var path = Path.Combine(folder, name + ".dll");
            File.Exists(path).Should().BeTrue($"{name} is built beside the tests");
            SecretTypes.InAssembly(path).Should().BeEmpty($"{name} ships to students");
            SecretTypes.In(File.ReadAllBytes(path)).Should().BeEmpty($"{name} ships to students");
            Assembly.LoadFrom(path).GetReferencedAssemblies().Select(a => a.Name)
                .Should().NotIntersectWith(SecretTypes.AssemblyNames, $"{name} must not need the answers to load");
        }
    }

    [Test]
    public void The_readme_offers_students_the_assigned_repository_and_the_tutor_the_tool()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("## For students", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the README has a section for students");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var students = readme[start..(end < 0 ? readme.Length : end)];
        students.Should().Contain("grader assign", "students get the repository grader assign writes");
        students.Should().NotContainAny(["dotnet tool install", "dotnet pack", "~/grader-tool"], "the tool holds the reference and the hidden checks");
        students.Should().NotContain("grader check <", "grader check runs the tutor's tool");
        readme.Should().NotContain("for a\nstudent on their own machine").And.NotContain("for a student on their own machine");
    }

    private static bool IsAssembly(byte[] bytes) => bytes.Length > 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z';
}
