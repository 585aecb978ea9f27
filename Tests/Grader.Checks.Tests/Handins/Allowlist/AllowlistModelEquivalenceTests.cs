using System.Globalization;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>
/// The analyzers run on a semantic model without nullable analysis (<see cref="HandinCompiler.AnalyzerModel"/>, cheaper:
/// Roslyn's nullable walker is skipped). That must not change a single verdict: for every example hand-in
/// (<c>Submissions/Examples/**</c>, the adversarial ones first), each analyzer of <see cref="HandinCompiler.Default"/>
/// reports on each tree exactly the diagnostics (id, place, message) it reports on the compilation's ordinary model
/// (nullable analysis on, as the hand-ins compile).
/// </summary>
public sealed class AllowlistModelEquivalenceTests
{
    private static readonly string Examples = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples");

    /// <summary>
    /// The one example no semantic model can bind: overload resolution over lambdas nested 30 deep takes days. In the
    /// grader the emit binds it first, so the compile server's time limit stops it (GRADER004) before any analyzer runs.
    /// </summary>
    private const string CompilerBomb = "Adversarial/compiler-bomb-overloads";

    /// <summary>Every example hand-in but <see cref="CompilerBomb"/>, by its path under Examples: the adversarial ones first, then each family's Correct and the folders laid over one.</summary>
    internal static IEnumerable<TestCaseData> Corpus()
    {
        var overlays = Directory.EnumerateDirectories(Examples, "*", SearchOption.AllDirectories)
            .Select(folder => Path.GetRelativePath(Examples, folder))
            .Where(relative => BaseOf(relative) is not null && relative != CompilerBomb)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var corrects = Directory.EnumerateDirectories(Examples).Select(f => Path.Combine(Path.GetFileName(f), "Correct"))
            .Where(relative => Directory.Exists(Path.Combine(Examples, relative))).Order(StringComparer.Ordinal);
        return overlays.Where(r => r.StartsWith("Adversarial/", StringComparison.Ordinal))
            .Concat(corrects)
            .Concat(overlays.Where(r => !r.StartsWith("Adversarial/", StringComparison.Ordinal)))
            .Select(relative => new TestCaseData(relative).SetArgDisplayNames(relative));
    }

    [OneTimeSetUp]
    public void WarmUpRoslyn() => AllowlistProbe.Compile(AllowlistProbe.Statement("var x = 1;")).Success.Should().BeTrue();

    [Test]
    public void The_corpus_holds_every_family_and_the_adversarial_hand_ins()
    {
        var corpus = Corpus().Select(c => (string)c.Arguments[0]!).ToArray();

        // 7 families' Correct and the folders laid over one (mutants, cheats, variants, faulty, adversarial), less the bomb:
        // 268 at 3e85e5ae, after issue 66 retired the mutants and cheats of the hand-in-owned training loops.
        corpus.Should().HaveCountGreaterThanOrEqualTo(260).And.OnlyHaveUniqueItems();
        corpus.Count(r => r.StartsWith("Adversarial/", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(40);
        corpus.Should().Contain(["Adversarial/read-fixtures", "Adversarial/line-directive-spoof", "Adversarial/vector3-load-unsafe", "Diffusion/Correct", "Flows/Cheats/inn-parts-closed-form-gaussianisation"]);
        Directory.Exists(Path.Combine(Examples, CompilerBomb)).Should().BeTrue("the one example left out must still be the compiler bomb");
    }

    [TestCaseSource(nameof(Corpus))]
    public void Without_nullable_analysis_every_analyzer_reports_the_same(string relative)
    {
        var source = Load(relative);
        if (SourceShapeLimits.Check(source).Count > 0)
        {
            // Refused before the compiler (generic-nesting-deep): no model of it is ever made.
            HandinCompiler.Default.Emit(source).Result.Errors.Should().OnlyContain(e => e.Id == SourceShapeLimits.RuleId);
            return;
        }

        var (compilation, trees) = HandinCompiler.Default.CompilationOf(source.Files);
        var refusals = 0;
        foreach (var analyzer in HandinCompiler.Default.Analyzers)
        {
            foreach (var tree in trees)
            {
                var withNullable = Verdict(analyzer(tree, compilation.GetSemanticModel(tree)));
                var asAnalyzed = Verdict(analyzer(tree, HandinCompiler.AnalyzerModel(compilation, tree)));
                asAnalyzed.Should().Equal(withNullable, $"{tree.FilePath} of {relative} must get the same verdict from both models");
                refusals += withNullable.Length;
            }
        }

        TestContext.Out.WriteLine($"{relative}: {trees.Count} files, {refusals} diagnostics from the analyzers, the same under both models");
    }

    private static string[] Verdict(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .Select(d => $"{d.Id} {d.Severity} {d.Location.GetMappedLineSpan()} {d.GetMessage(CultureInfo.InvariantCulture)}")
        .ToArray();

    /// <summary>A Correct folder, or a folder laid over the base its mutant.json, cheat.json, variant.json or legit.json names.</summary>
    internal static HandinSource Load(string relative)
    {
        var folder = Path.Combine(Examples, relative);
        if (BaseOf(relative) is not { } baseName)
        {
            return HandinSource.FromFolder(folder);
        }

        var family = relative.Split('/')[0];
        var basePath = baseName.Contains('/', StringComparison.Ordinal) ? Path.Combine(Examples, baseName) : Path.Combine(Examples, family, baseName);
        return HandinSource.FromFolder(basePath).WithOverlay(folder);
    }

    private static string? BaseOf(string relative)
    {
        foreach (var name in new[] { "mutant.json", "cheat.json", "variant.json", "legit.json" })
        {
            var path = Path.Combine(Examples, relative, name);
            if (File.Exists(path))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                return document.RootElement.GetProperty("base").GetString();
            }
        }

        return null;
    }
}
