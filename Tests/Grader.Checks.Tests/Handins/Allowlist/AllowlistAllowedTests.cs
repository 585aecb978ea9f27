using FluentAssertions;
using Grader.Checks.Handins;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>What hand-ins ordinarily write compiles under the allowlist, and so does every hand-in of the repository.</summary>
public sealed class AllowlistAllowedTests
{
    private static readonly string Examples = Path.Combine(RepositoryRoot.Path, "Submissions", "Examples", "Diffusion");

    [OneTimeSetUp]
    public void WarmUpRoslyn() => AllowlistProbe.Compile(AllowlistProbe.Statement("var x = 1;")).Success.Should().BeTrue();

    [Test]
    public void Ordinary_code_compiles()
    {
        const string code = """
            using System.Diagnostics.CodeAnalysis;
            using System.Globalization;
            using System.Numerics;
            using System.Text;
            using Grader.Contracts.Diffusion;
            using Grader.Tensors;
            using static Grader.Tensors.torch;

            namespace Student;

            public sealed record Step(int Index, double Beta);

            public readonly record struct Pair(double Low, double High);

            public enum Mode { Linear, Cosine }

            public sealed class Interpolation : ILatentInterpolation
            {
                private static readonly Dictionary<int, double> Cache = new() { [0] = 1.0 };
                private readonly List<Step> _steps = [];

                public Tensor Interpolate(Tensor from, Tensor to, int count)
                {
                    if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "need two points");
                    using var noGrad = no_grad();
                    var rows = Enumerable.Range(0, count).Select(i => from + (to - from) * ((float)i / (count - 1))).ToArray();
                    return torch.stack(rows);
                }

                public string Describe(IReadOnlyList<double> betas)
                {
                    var text = new StringBuilder();
                    var (min, max) = (betas.Min(), betas.Max());
                    text.Append(CultureInfo.InvariantCulture, $"β in [{min:G3}, {max:G3}], mean {betas.Average():G3}");
                    text.Append(string.Join(", ", betas.Where(b => b > 0).OrderBy(b => b).Take(3).Select(b => Math.Sqrt(b).ToString("G3", CultureInfo.InvariantCulture))));
                    var grouped = betas.GroupBy(b => Math.Round(b, 2)).ToDictionary(g => g.Key, g => g.Count());
                    var set = new HashSet<double>(grouped.Keys);
                    var sorted = new SortedDictionary<double, int>(grouped);
                    text.Append(FormattableString.Invariant($"{set.Count} {sorted.Count} {MathF.Exp(1f)} {new Complex(1, 2).Magnitude}"));
                    return text.ToString();
                }

                public double SpanSum(double[] values)
                {
                    Span<double> scratch = stackalloc double[4];
                    ReadOnlySpan<double> view = values.AsSpan(0, Math.Min(4, values.Length));
                    view.CopyTo(scratch);
                    double sum = 0;
                    foreach (var v in scratch) sum += v;
                    return sum + values[^1] + values[1..].Length + Cache[0];
                }

                public bool SameKind(object other) => other.GetType() == GetType() && typeof(Tensor) != typeof(Generator);

                public Tensor Noisy(Tensor x, Generator generator, Mode mode) => mode switch
                {
                    Mode.Linear => x + randn(x.shape, generator) * 0.1f,
                    _ => throw new NotImplementedException("sheet 000, exercise 1 (e)"),
                };

                public int Draw(int seed) => new Random(seed).Next(10) + seed.GetHashCode() * 0;

                public bool TryParse(string text, [NotNullWhen(true)] out Step? step)
                {
                    step = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var beta) ? new Step(0, beta) : null;
                    return step is not null;
                }

                public Tensor Train(Tensor data, Generator generator)
                {
                    var layer = torch.nn.Linear(data.size(1), data.size(1), generator);
                    var optimizer = torch.optim.Adam(layer.parameters(), 1e-3);
                    var loss = torch.nn.functional.mse_loss(layer.forward(data), data);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    return loss;
                }

                public string Names() => nameof(System.IO.File) + nameof(Environment.Exit) + typeof(Tensor).FullName + GetType().Name;

                public double Checked(double x)
                {
                    try
                    {
                        return x < 0 ? throw new InvalidOperationException("negative") : Math.Sqrt(x);
                    }
                    catch (InvalidOperationException e) when (e.Message.Length > 0)
                    {
                        throw new ArgumentException(e.Message, nameof(x), e);
                    }
                }
            }
            """;

        var result = AllowlistProbe.Compile(code);

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void The_hand_ins_own_types_may_shadow_framework_names()
    {
        const string code = """
            namespace Student;

            public static class File
            {
                public static string ReadAllText(string path) => path;
            }

            public sealed class Console
            {
                public void WriteLine(string text) { }
            }

            public static class Probe
            {
                public static string Run() { new Console().WriteLine("x"); return File.ReadAllText("x"); }
            }
            """;

        var result = AllowlistProbe.Compile(code);

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void The_correct_example_compiles_under_the_allowlist()
    {
        var result = HandinCompiler.Default.Emit(HandinSource.Load(Path.Combine(Examples, "Correct"))).Result;

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void The_template_compiles_under_the_allowlist()
    {
        var result = HandinCompiler.Default.Emit(HandinSource.Load(Path.Combine(RepositoryRoot.Path, "Submissions", "Template", "Diffusion"))).Result;

        result.Success.Should().BeTrue(result.Summary());
    }

    private static IEnumerable<TestCaseData> Mutants() =>
        Directory.GetDirectories(Path.Combine(Examples, "Mutants")).Order(StringComparer.Ordinal)
            .Append(Path.Combine(Examples, "Faulty", "endless-loop"))
            .Select(folder => new TestCaseData(Path.GetRelativePath(Examples, folder).Replace('\\', '/')).SetArgDisplayNames(Path.GetFileName(folder)));

    [TestCaseSource(nameof(Mutants))]
    public void Every_mutant_and_the_endless_loop_compile_under_the_allowlist(string example)
    {
        var result = HandinCompiler.Default.Emit(HandinSource.Load(Path.Combine(Examples, example))).Result;

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void The_compile_error_example_fails_with_its_own_errors_only()
    {
        var source = HandinSource.Load(Path.Combine(Examples, "Faulty", "compile-error"));

        var restricted = HandinCompiler.Default.Emit(source).Result;
        var unrestricted = HandinCompiler.Unrestricted.Emit(source).Result;

        restricted.Excluded.Should().ContainSingle(f => f.Errors.Count > 0).Which.Path.Should().Be("DtuDdpm.cs", "the file with the errors is left out, the rest compiles");
        restricted.Excluded.Where(f => f.Errors.Count == 0).Should().OnlyContain(f => f.Uses.Contains("DtuDdpm.cs"), "with it only the files that use it (DtuTrainingParts.cs)");
        restricted.Errors.Select(e => e.Id).Should().BeEquivalentTo(["CS1002", "CS0266"]);
        restricted.Errors.Should().Equal(unrestricted.Errors);
    }

    [Test]
    public void Default_enforces_the_allowlist_and_Unrestricted_does_not()
    {
        var source = new HandinSource("Probe", [new HandinFile("Probe.cs", AllowlistProbe.Statement("Console.WriteLine(1);"))]);

        HandinCompiler.Default.Analyzers.Should().NotBeEmpty();
        HandinCompiler.Default.Emit(source).Result.Success.Should().BeFalse();
        HandinCompiler.Unrestricted.Analyzers.Should().BeEmpty();
        HandinCompiler.Unrestricted.Emit(source).Result.Success.Should().BeTrue();
    }
}
