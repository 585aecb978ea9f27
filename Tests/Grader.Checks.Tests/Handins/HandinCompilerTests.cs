using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using FluentAssertions;
using Grader.Checks.Handins;
using Grader.Contracts.Diffusion;
using Grader.Tensors;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Grader.Checks.Tests.Handins;

public sealed class HandinCompilerTests
{
    private static HandinSource Source(params (string Path, string Text)[] files) =>
        new("Inline", files.Select(f => new HandinFile(f.Path, f.Text)).ToArray());

    [Test]
    public void A_correct_hand_in_compiles_into_a_collectible_context_that_shares_the_contract_types()
    {
        var result = HandinCompiler.Default.Compile(Source(("Answer.cs", BetaAnswers.Correct)));

        result.Success.Should().BeTrue(result.Summary());
        result.Errors.Should().BeEmpty();
        var assembly = result.Assembly!;
        var context = AssemblyLoadContext.GetLoadContext(assembly)!;
        context.Should().NotBeSameAs(AssemblyLoadContext.Default);
        context.IsCollectible.Should().BeTrue();

        var type = assembly.GetType("Student.Answer")!;
        type.GetInterfaces().Should().Contain(typeof(IBetaScheduleAnswer));
        context.LoadFromAssemblyName(new AssemblyName("Grader.Contracts")).Should().BeSameAs(typeof(IBetaScheduleAnswer).Assembly);
        context.LoadFromAssemblyName(new AssemblyName("Grader.Tensors")).Should().BeSameAs(typeof(Tensor).Assembly);

        var answer = (IBetaScheduleAnswer)Activator.CreateInstance(type)!;
        answer.InvalidSchedules.Should().BeEquivalentTo([2, 4]);
    }

    [Test]
    public void A_hand_in_can_use_tensors_and_the_implicit_usings()
    {
        const string code = """
            using Grader.Contracts.Diffusion;
            using Grader.Tensors;

            namespace Student;

            public sealed class Interpolation : ILatentInterpolation
            {
                public Tensor Interpolate(Tensor from, Tensor to, int count)
                {
                    var rows = Enumerable.Range(0, count).Select(i => from + (to - from) * ((float)i / (count - 1))).ToList();
                    return torch.stack(rows.ToArray());
                }
            }
            """;

        var result = HandinCompiler.Default.Compile(Source(("Interpolation.cs", code)));

        result.Success.Should().BeTrue(result.Summary());
    }

    [Test]
    public void A_compile_error_is_a_result_with_file_line_and_column_and_loads_nothing()
    {
        var result = HandinCompiler.Default.Compile(Source(("Good.cs", BetaAnswers.Unrelated), ("Diffusion/Answer.cs", BetaAnswers.Broken)));

        result.Success.Should().BeFalse();
        result.Assembly.Should().BeNull();
        result.Errors.Should().Contain(e => e.File == "Diffusion/Answer.cs" && e.Line == 7 && e.Id == "CS1002");
        result.Errors.Should().Contain(e => e.File == "Diffusion/Answer.cs" && e.Line == 9 && e.Id == "CS0103" && e.Message.Contains("Undefined"));
        result.Errors.Should().BeInAscendingOrder(e => e.Line);
        result.Errors.First().ToString().Should().MatchRegex(@"^Diffusion/Answer\.cs:7:\d+: error CS1002: ; expected$");
        result.Summary().Should().StartWith("the hand-in does not compile (2 errors):").And.Contain("Diffusion/Answer.cs:9:");
    }

    [Test]
    public void Warnings_are_counted_but_do_not_fail()
    {
        const string code = """
            namespace Student;

            public sealed class Loose
            {
                public string Name { get; set; }
            }
            """;

        var result = HandinCompiler.Default.Compile(Source(("Loose.cs", code)));

        result.Success.Should().BeTrue();
        result.WarningCount.Should().Be(1, "nullable is enabled: a non-nullable property left uninitialised warns (CS8618)");
        result.Summary().Should().Contain("1 warning");
    }

    [Test]
    public void An_analyzer_error_fails_the_compile_with_its_line()
    {
        var rule = new DiagnosticDescriptor("GR0001", "Forbidden", "'{0}' is not allowed in a hand-in", "Allowlist", DiagnosticSeverity.Error, true);
        IEnumerable<Diagnostic> NoHashSet(SyntaxTree tree, SemanticModel model) =>
            tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>()
                .Where(n => model.GetTypeInfo(n).Type?.Name == "HashSet")
                .Select(n => Diagnostic.Create(rule, n.GetLocation(), "HashSet"));
        var compiler = new HandinCompiler([NoHashSet]);

        var result = compiler.Compile(Source(("Answer.cs", BetaAnswers.Correct)));

        result.Success.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Should().Be(
            new Grader.Checks.Results.CompileDiagnostic("Answer.cs", 7, 58, "GR0001", "'HashSet' is not allowed in a hand-in"));
    }

    [Test]
    public void Compile_time_of_a_small_hand_in()
    {
        var source = Source(("Answer.cs", BetaAnswers.Correct));
        var first = Stopwatch.StartNew();
        HandinCompiler.Default.Compile(source).Success.Should().BeTrue();
        first.Stop();

        var times = Enumerable.Range(0, 5).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            HandinCompiler.Default.Compile(source).Success.Should().BeTrue();
            return clock.Elapsed.TotalMilliseconds;
        }).Order().ToArray();

        // Measured, not asserted (tests never assert timings).
        TestContext.Out.WriteLine($"compile a small hand-in: first {first.Elapsed.TotalMilliseconds:0} ms (this run), then median {times[2]:0} ms");
    }
}
