using System.Globalization;
using Grader.Checks.Handins.Allowlist;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>
/// The trained model is a pure function of its parameters and inputs (<see cref="PurityAnalyzer"/>, GRADER005): a
/// mutable static or a random source in the model's types, or in a helper they name, is refused when the hand-in is
/// compiled, on the field's line, naming it; constants and the other contracts' types are not. Every example hand-in
/// of the repository (the Template, each family's Correct, Variants, Mutants and Faulty, the adversarial corpus) is
/// held to it, and exactly the static-memory cheats are refused.
/// </summary>
public sealed class PurityRuleTests
{
    private static readonly string Root = RepositoryRoot.Path;

    /// <summary>The cheats that keep the model's memory in static fields: refused since the rule, each naming its first field.</summary>
    private static readonly Dictionary<string, string> StaticMemoryCheats = new(StringComparer.Ordinal)
    {
        ["Diffusion/Cheats/v-training-static-memory"] = "static field `DiffusionTrainingParts.Memory`",
        ["Diffusion/Cheats/toy-data-training-static-memory"] = "static field `DtuTrainingParts.Memory`",
        ["Diffusion/Cheats/images-training-static-memory"] = "static field `DtuTrainingParts.Gate`",
        ["Flows/Cheats/inn-training-static-memory"] = "static field `InnTrainingParts.Gate`",
        ["OdeSde/Cheats/ode-training-static-memory"] = "static field `OdeTrainingParts.Memory`",
        ["OdeSde/Cheats/sde-training-static-memory"] = "static field `SdeTrainingParts.Gate`",
    };

    private static string Model(string members, string extra = "") => $$"""
        using Grader.Contracts.Diffusion;
        using Grader.Tensors;
        using static Grader.Tensors.torch;

        namespace Student;

        public sealed class Network : Module<Tensor, Tensor>, ITrainableEpsilonNetwork
        {
            {{members}}
            private readonly Linear _layer;

            public Network(Generator generator) { _layer = register_module("layer", nn.Linear(3, 2, generator)); }

            public override Tensor forward(Tensor input) => _layer.forward(input);

            public Tensor Forward(Tensor zt, Tensor t) => forward(cat([zt, t], 1));

            public IReadOnlyList<Tensor> Parameters() => parameters().ToList();
        }
        {{extra}}
        """;

    private static IReadOnlyList<CompileDiagnostic> Refusals(string code) =>
        AllowlistProbe.Compile(code).Errors.Where(e => e.Id == PurityAnalyzer.RuleId).ToArray();

    [TestCase("private static int _calls;", "static field `Network._calls` is not readonly")]
    [TestCase("private static readonly List<float[]> Memory = [];", "static field `Network.Memory` is of a mutable type (System.Collections.Generic.List<float[]>)")]
    [TestCase("private static readonly float[] Table = [1f, 2f];", "static field `Network.Table` is of a mutable type (float[])")]
    [TestCase("public static int Calls { get; set; }", "static property `Network.Calls` is not readonly")]
    [TestCase("private readonly Random _random = new(1);", "field `Network._random` holds its own random source (System.Random")]
    [TestCase("private readonly Generator _noise = new(7);", "field `Network._noise` holds its own random source (Grader.Tensors.Generator")]
    public void State_in_the_model_is_refused_on_its_line_naming_it(string member, string expected)
    {
        var refusals = Refusals(Model(member));

        var refusal = refusals.Should().ContainSingle().Subject;
        refusal.Message.Should().StartWith(expected).And.Contain(PurityAnalyzer.Why);
        refusal.Line.Should().Be(9, "the field's own line");
        refusal.File.Should().Be(AllowlistProbe.FileName);
    }

    [Test]
    public void A_helper_the_model_names_is_held_to_the_rule_and_a_class_it_does_not_name_is_not()
    {
        var refusals = Refusals(Model("", """
            internal static class Remember
            {
                public static readonly Queue<float[]> Batches = new();
            }

            public sealed class Validity : IBetaScheduleValidity
            {
                private static int _asked;
                public bool IsValid(IReadOnlyList<double> betas) { _asked++; return true; }
            }
            """).Replace("=> forward(cat([zt, t], 1));", "{ Remember.Batches.Enqueue(zt.ToArray()); return forward(cat([zt, t], 1)); }", StringComparison.Ordinal));

        refusals.Should().ContainSingle().Which.Message.Should()
            .StartWith("static field `Remember.Batches` is of a mutable type").And.Contain("used by Network, part of the trained model");
    }

    [Test]
    public void Constants_and_readonly_numbers_strings_and_enums_compile()
    {
        var result = AllowlistProbe.Compile(Model("""
            private const int Hidden = 64;
            private static readonly float LogTwoPi = (float)Math.Log(2 * Math.PI);
            private static readonly string Name = "net";
            private static readonly BetaScheduleForm Form = BetaScheduleForm.Sine;
            private static readonly double? Scale = null;
            private static ReadOnlySpan<double> Coefficients => [0.5, 0.25];
            """));

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void Every_example_hand_in_compiles_under_the_rule_and_the_static_memory_cheats_do_not()
    {
        var corpus = AllowlistModelEquivalenceTests.Corpus().Select(c => (string)c.Arguments[0]!)
            .Select(relative => (Name: relative, Source: AllowlistModelEquivalenceTests.Load(relative)))
            .Concat(Directory.EnumerateDirectories(Path.Combine(Root, "Submissions", "Template")).Order(StringComparer.Ordinal)
                .Select(folder => (Name: "Template/" + Path.GetFileName(folder), Source: HandinSource.FromFolder(folder))))
            .ToArray();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var analyzer = new PurityAnalyzer();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, source) in corpus)
        {
            if (SourceShapeLimits.Check(source).Count > 0) continue;   // generic-nesting-deep: never reaches a compilation
            var (compilation, trees) = HandinCompiler.Default.CompilationOf(source.Files);
            var first = trees.SelectMany(tree => analyzer.Analyze(tree, HandinCompiler.AnalyzerModel(compilation, tree))).FirstOrDefault();
            if (first is not null) refused[name] = first.GetMessage(CultureInfo.InvariantCulture);
        }

        foreach (var (name, message) in refused) TestContext.Out.WriteLine($"{name}: {message}");
        TestContext.Out.WriteLine($"{corpus.Length} hand-ins, {refused.Count} refused ({(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s of CPU)");
        corpus.Length.Should().BeGreaterThanOrEqualTo(270);
        refused.Keys.Should().BeEquivalentTo(StaticMemoryCheats.Keys, "only the cheats that keep the model's memory in statics are refused");
        foreach (var (name, expected) in StaticMemoryCheats) refused[name].Should().StartWith(expected);
        var marked = Directory.EnumerateFiles(Path.Combine(Root, "Submissions", "Examples"), "cheat.json", SearchOption.AllDirectories)
            .Where(json => File.ReadAllText(json).Contains($"\"refused\": \"{PurityAnalyzer.RuleId}\"", StringComparison.Ordinal))
            .Select(json => Path.GetRelativePath(Path.Combine(Root, "Submissions", "Examples"), Path.GetDirectoryName(json)!).Replace('\\', '/'));
        marked.Should().BeEquivalentTo(StaticMemoryCheats.Keys, "each refused cheat says so in its cheat.json (\"refused\")");
    }

    /// <summary>
    /// Every hand-in of the bundled cohort (<c>fixtures/handins</c>, unzipped, one folder per student), or of the folder
    /// the run parameter <c>handins</c> names (one folder per student; a single top folder inside is stripped as the
    /// grader strips it), compiles under the rule: the hand-ins a tutor receives are not refused by it.
    /// </summary>
    [Test]
    public void Every_hand_in_of_a_folder_compiles_under_the_rule()
    {
        using var unzipped = new Scratch();
        var root = TestContext.Parameters.Get("handins", "");
        if (root.Length == 0)
        {
            root = unzipped.Root;
            foreach (var zip in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "fixtures", "handins"), "*.zip"))
                System.IO.Compression.ZipFile.ExtractToDirectory(zip, Path.Combine(root, Path.GetFileNameWithoutExtension(zip)));
        }

        Directory.Exists(root).Should().BeTrue($"the run parameter handins names a folder ({root})");
        var analyzer = new PurityAnalyzer();
        var refused = new List<string>();
        // The bundled cohort's hand-ins that are folders (a cloned repository) are read where they are.
        var folders = root == unzipped.Root ? Directory.EnumerateDirectories(Path.Combine(RepositoryRoot.Path, "fixtures", "handins")) : [];
        var students = Directory.EnumerateDirectories(root).Concat(folders).Order(StringComparer.Ordinal).ToArray();
        foreach (var student in students)
        {
            var inner = Directory.EnumerateDirectories(student).ToArray();
            var folder = Directory.EnumerateFiles(student, "*.cs").Any() || inner.Length != 1 ? student : inner[0];
            var (compilation, trees) = HandinCompiler.Default.CompilationOf(HandinSource.FromFolder(folder).Files);
            refused.AddRange(trees.SelectMany(tree => analyzer.Analyze(tree, HandinCompiler.AnalyzerModel(compilation, tree)))
                .Select(d => $"{Path.GetFileName(student)}: {d.GetMessage(CultureInfo.InvariantCulture)}"));
        }

        TestContext.Out.WriteLine($"{students.Length} hand-ins, {refused.Count} refusals");
        students.Should().NotBeEmpty();
        refused.Should().BeEmpty();
    }
}
