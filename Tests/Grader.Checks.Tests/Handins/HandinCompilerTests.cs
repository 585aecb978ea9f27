using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Grader.Contracts.Diffusion;
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
        var result = HandinCompiler.Default.Compile(Source(("Diffusion/Answer.cs", BetaAnswers.Broken)));

        result.Success.Should().BeFalse();
        result.Assembly.Should().BeNull();
        result.Errors.Should().Contain(e => e.File == "Diffusion/Answer.cs" && e.Line == 7 && e.Id == "CS1002");
        result.Errors.Should().Contain(e => e.File == "Diffusion/Answer.cs" && e.Line == 9 && e.Id == "CS0103" && e.Message.Contains("Undefined"));
        result.Errors.Should().BeInAscendingOrder(e => e.Line);
        result.Errors.First().ToString().Should().MatchRegex(@"^Diffusion/Answer\.cs:7:\d+: error CS1002: ; expected$");
        result.Summary().Should().StartWith("the hand-in does not compile (2 errors):").And.Contain("Diffusion/Answer.cs:9:");
    }

    /// <summary>A sheet-003 integrator written against the namespaces before Grader.Contracts.OdeSde (issue 28).</summary>
    private const string OldNamespaceSolver = """
        using Grader.Contracts.Ode;
        using Grader.Contracts.Sde;
        using Grader.Tensors;

        namespace Student;

        public sealed class Integrator : IOdeSolver
        {
            public Tensor IntegrateStep(string method, IVectorField func, Tensor state, double t, double dt) => state;
        }
        """;

    [Test]
    public void A_hand_in_using_the_former_Ode_and_Sde_namespaces_is_told_to_use_Grader_Contracts_OdeSde()
    {
        var result = HandinCompiler.Default.Compile(Source(("OdeIntegrator.cs", OldNamespaceSolver)));

        result.Success.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Id == "CS0234" && e.Message.Contains("'Ode'"));
        result.Summary().Should().EndWith(
            "  hint: Grader.Contracts.Ode and Grader.Contracts.Sde are now one namespace, Grader.Contracts.OdeSde: write `using Grader.Contracts.OdeSde;` instead");
    }

    [Test]
    public void A_hand_in_using_a_namespace_of_Grader_Contracts_that_never_existed_is_told_the_ones_there_are()
    {
        var result = HandinCompiler.Default.Compile(Source(("Answer.cs", "using Grader.Contracts.Diffusions;\n\nnamespace Student;\n\npublic sealed class Answer { }\n")));

        result.Success.Should().BeFalse();
        result.Summary().Split(Environment.NewLine)[^1].Should()
            .StartWith("  hint: Grader.Contracts has no namespace Diffusions; the contracts are in Grader.Contracts.Attention, Grader.Contracts.Diffusion, ")
            .And.Contain("Grader.Contracts.OdeSde");
    }

    [Test]
    public void A_compile_error_elsewhere_gets_no_namespace_hint()
    {
        HandinCompiler.Default.Compile(Source(("Diffusion/Answer.cs", BetaAnswers.Broken))).Summary().Should().NotContain("hint:");
    }

    /// <summary>A helper with a syntax error (line 5), a file whose class uses it, and one that uses neither.</summary>
    private static readonly (string Path, string Text)[] BrokenHelper =
    [
        ("Answer.cs", BetaAnswers.Correct),
        ("Flows/Helper.cs", "namespace Student;\n\npublic static class Helper\n{\n    public static int Three => 3\n}\n"),
        ("Flows/Interpolation.cs", """
            using Grader.Contracts.Diffusion;
            using Grader.Tensors;

            namespace Student;

            public sealed class Interpolation : ILatentInterpolation
            {
                public Tensor Interpolate(Tensor from, Tensor to, int count) => Helper.Three > count ? from : to;
            }
            """),
    ];

    [Test]
    public void A_file_that_does_not_compile_is_left_out_with_the_files_that_use_it_and_the_rest_is_loaded()
    {
        var result = HandinCompiler.Default.Compile(Source(BrokenHelper));

        result.Success.Should().BeTrue(result.Summary());
        result.Partial.Should().BeTrue();
        result.Excluded.Select(f => f.Path).Should().Equal("Flows/Helper.cs", "Flows/Interpolation.cs");
        var helper = result.Excluded[0];
        helper.Errors.Should().ContainSingle().Which.Should().Match<Grader.Checks.Results.CompileDiagnostic>(e => e.File == "Flows/Helper.cs" && e.Line == 5 && e.Id == "CS1002");
        helper.Uses.Should().BeEmpty();
        var user = result.Excluded[1];
        user.Errors.Should().BeEmpty("it compiled in the first round; it names Helper, which is declared only in the left-out file");
        user.Uses.Should().Equal("Flows/Helper.cs");
        user.Contracts.Should().Equal(typeof(ILatentInterpolation).FullName);
        result.Errors.Should().Equal(helper.Errors, "a partial compile reports the left-out files' own errors");
        result.Summary().Should().StartWith("compiled in").And.Contain("without 2 files that do not compile: Flows/Helper.cs, Flows/Interpolation.cs").And.Contain("Flows/Helper.cs:5:");

        var types = result.Assembly!.GetTypes().Select(t => t.FullName).ToArray();
        types.Should().Contain("Student.Answer").And.NotContain("Student.Helper").And.NotContain("Student.Interpolation");
        result.Blocking([typeof(IBetaScheduleAnswer)]).Should().BeNull();
        result.BlockReason([typeof(ILatentInterpolation)]).Should()
            .StartWith("blocked by Flows/Interpolation.cs: it uses Flows/Helper.cs, left out because Flows/Helper.cs does not compile")
            .And.Contain("ILatentInterpolation").And.Contain("Flows/Helper.cs:5:");
    }

    [Test]
    public void A_file_the_allowlist_refuses_is_left_out_and_never_loaded()
    {
        const string sneaky = """
            using Grader.Contracts.Diffusion;
            using Grader.Tensors;

            namespace Student;

            public sealed class Interpolation : ILatentInterpolation
            {
                public Tensor Interpolate(Tensor from, Tensor to, int count) =>
                    System.IO.File.Exists("/etc/passwd") ? from : to;
            }
            """;

        var result = HandinCompiler.Default.Compile(Source(("Answer.cs", BetaAnswers.Correct), ("Sneaky.cs", sneaky)));

        result.Success.Should().BeTrue(result.Summary());
        var left = result.Excluded.Should().ContainSingle().Subject;
        left.Path.Should().Be("Sneaky.cs");
        left.Errors.Should().Contain(e => e.Id.StartsWith("GRADER", StringComparison.Ordinal) && e.Line == 9 && e.Message.Contains("System.IO.File"));
        left.Contracts.Should().Equal(typeof(ILatentInterpolation).FullName);
        result.Assembly!.GetTypes().Select(t => t.FullName).Should().Contain("Student.Answer").And.NotContain("Student.Interpolation");
        var image = HandinCompiler.Default.Emit(Source(("Answer.cs", BetaAnswers.Correct), ("Sneaky.cs", sneaky))).Image!;
        var literal = System.Text.Encoding.Unicode.GetBytes("/etc/passwd");
        image.AsSpan().IndexOf(literal).Should().Be(-1, "the refused file's code (its string literal) is not in the image that is loaded");
        var whole = HandinCompiler.Unrestricted.Emit(Source(("Answer.cs", BetaAnswers.Correct), ("Sneaky.cs", sneaky))).Image!;
        whole.AsSpan().IndexOf(literal).Should().BeGreaterThan(-1, "without the allowlist the file compiles, and its literal is in the image: the probe can see it");
    }

    [Test]
    public void A_line_directive_cannot_make_another_file_be_left_out()
    {
        // The error is reported at Answer.cs:1 (the #line spoof), but it is Spoof.cs that does not compile.
        const string spoof = "namespace Student;\n#line 1 \"Answer.cs\"\npublic static class Spoof { public static int X => 1 }\n";

        var result = HandinCompiler.Default.Compile(Source(("Answer.cs", BetaAnswers.Correct), ("Spoof.cs", spoof)));

        result.Success.Should().BeTrue(result.Summary());
        result.Excluded.Should().ContainSingle().Which.Path.Should().Be("Spoof.cs");
        result.Errors.Should().ContainSingle().Which.File.Should().Be("Answer.cs", "the message is the compiler's, as the student wrote the directive");
        result.Assembly!.GetType("Student.Answer").Should().NotBeNull();
    }

    [Test]
    public void A_hand_in_whose_every_file_fails_fails_as_a_whole_with_every_error()
    {
        var result = HandinCompiler.Default.Compile(Source(("Answer.cs", BetaAnswers.Broken), ("Flows/Helper.cs", BrokenHelper[1].Text)));

        result.Success.Should().BeFalse();
        result.Excluded.Should().BeEmpty();
        result.Errors.Select(e => e.File).Distinct().Should().Equal("Answer.cs", "Flows/Helper.cs");
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
