namespace Grader.Checks.Tests.Handins;

/// <summary>
/// The lexical limits before the compiler: nesting and operator runs far past any honest program are a compile error
/// with file, line and column, instead of a stack overflow that would end the grader; what is inside comments and
/// strings does not count, code inside interpolation holes does.
/// </summary>
public sealed class SourceShapeLimitsTests
{
    private static HandinSource Source(string text) => new("student", [new HandinFile("Deep.cs", text)]);

    private static string Class(string body) => $"namespace Submission;\npublic static class Deep\n{{\n    public static double Value()\n    {{\n{body}\n    }}\n}}\n";

    [Test]
    public void Parentheses_nested_fifty_thousand_deep_are_a_compile_error_at_their_line_not_a_stack_overflow()
    {
        var body = "        return " + new string('(', 50_000) + "1" + new string(')', 50_000) + ";";
        var result = HandinCompiler.Default.Emit(Source(Class(body))).Result;

        result.Success.Should().BeFalse();
        var error = result.Errors.Should().ContainSingle().Subject;
        error.Id.Should().Be(SourceShapeLimits.RuleId);
        error.File.Should().Be("Deep.cs");
        error.Line.Should().Be(6);
        error.Column.Should().Be(16 + SourceShapeLimits.MaxNesting - 2, "the bracket that passes the limit (two braces of the class and method come first)");
        error.Message.Should().Contain($"nested more than {SourceShapeLimits.MaxNesting} deep");
    }

    [Test]
    public void A_long_run_of_prefix_operators_is_a_compile_error()
    {
        var body = "        return " + string.Concat(Enumerable.Repeat("- ", 20_000)) + "1;";
        var error = SourceShapeLimits.Check(Source(Class(body))).Should().ContainSingle().Subject;
        error.Message.Should().Contain($"more than {SourceShapeLimits.MaxOperatorRun} operators in a row");
    }

    [Test]
    public void Type_arguments_nested_twenty_thousand_deep_are_a_compile_error()
    {
        var body = "        return typeof(" + string.Concat(Enumerable.Repeat("List<", 20_000)) + "int" + new string('>', 20_000) + ").Name.Length;";
        var result = HandinCompiler.Default.Emit(Source(Class(body))).Result;

        result.Success.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.Message.Should().Contain($"angle brackets nested more than {SourceShapeLimits.MaxTypeArgumentNesting} deep");
    }

    [Test]
    public void Ordinary_generics_comparisons_shifts_and_lambdas_do_not_add_up()
    {
        static string Statement(int i) =>
            $"        var d{i} = new Dictionary<string, List<(int A, int B)>>(); int x{i} = 3; bool b{i} = x{i} < 4 && x{i} >= 2 && (x{i} << 2) > 1 && x{i} <= 9; Func<int, int> f{i} = v => v >> 1;\n";
        var text = Class(string.Concat(Enumerable.Range(0, 300).Select(Statement)) + "        return 1;");
        SourceShapeLimits.Check(Source(text)).Should().BeEmpty();
        HandinCompiler.Default.Emit(Source(text)).Result.Success.Should().BeTrue();
    }

    [Test]
    public void Nesting_up_to_the_limit_compiles()
    {
        int inside = SourceShapeLimits.MaxNesting - 2;
        var body = "        return " + new string('(', inside) + "1" + new string(')', inside) + ";";
        SourceShapeLimits.Check(Source(Class(body))).Should().BeEmpty();
        HandinCompiler.Default.Emit(Source(Class(body))).Result.Success.Should().BeTrue();
    }

    [TestCase("// " + "((((((((((", TestName = "A comment")]
    [TestCase("/* ((((((((((\n ((((( */", TestName = "A block comment")]
    [TestCase("var s = \"((((((((((\\\"((((\";", TestName = "A string with an escaped quote")]
    [TestCase("var s = @\"((((((\"\"((((\";", TestName = "A verbatim string")]
    [TestCase("var s = \"\"\"\n(((((((\"\"((\n\"\"\";", TestName = "A raw string")]
    [TestCase("var c = '(';", TestName = "A character")]
    [TestCase("var s = $\"(((((({1 + 2}((((({{(((\";", TestName = "The text of an interpolated string")]
    public void Brackets_in_comments_strings_and_characters_do_not_count(string statement)
    {
        var text = Class(string.Concat(Enumerable.Repeat(statement.Replace("((((((((((", new string('(', 300), StringComparison.Ordinal) + "\n", 3)) + "        return 1;");
        SourceShapeLimits.Check(Source(text)).Should().BeEmpty(text);
    }

    [Test]
    public void Code_inside_an_interpolation_hole_counts()
    {
        var body = "        var s = $\"x{" + new string('(', 300) + "1" + new string(')', 300) + "}y\";\n        return 1;";
        SourceShapeLimits.Check(Source(Class(body))).Should().ContainSingle().Which.Id.Should().Be(SourceShapeLimits.RuleId);
    }

    [Test]
    public void After_an_interpolated_string_the_depth_is_what_it_was()
    {
        var statement = "        var s = $\"a{(1 + 2)}b{new[] { 1, 2 }.Length}c\";\n";
        var text = Class(string.Concat(Enumerable.Repeat(statement, 400)) + "        return 1;");
        SourceShapeLimits.Check(Source(text)).Should().BeEmpty();
    }

    [Test]
    public void The_correct_example_and_every_mutant_are_within_the_limits()
    {
        var examples = Path.Combine(RepositoryRoot.Path, "Submissions");
        // The one hand-in written to break the limits (the adversarial corpus's 20,000 nested type arguments) is the exception.
        var beyond = Path.Combine("Adversarial", "generic-nesting-deep");
        var files = Directory.EnumerateFiles(examples, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains(beyond, StringComparison.Ordinal)).ToArray();
        SourceShapeLimits.Check(new HandinSource("x", [.. Directory.EnumerateFiles(Path.Combine(examples, "Examples", beyond), "*.cs").Select(f => new HandinFile(Path.GetFileName(f), File.ReadAllText(f)))]))
            .Should().ContainSingle().Which.Id.Should().Be(SourceShapeLimits.RuleId, "the corpus's compiler bomb is refused before the compiler");
        files.Should().HaveCountGreaterThan(20);
        foreach (var file in files)
        {
            SourceShapeLimits.Check(new HandinSource("x", [new HandinFile(Path.GetFileName(file), File.ReadAllText(file))])).Should().BeEmpty(file);
        }
    }
}
