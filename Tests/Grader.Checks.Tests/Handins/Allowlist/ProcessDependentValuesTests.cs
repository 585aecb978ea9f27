using FluentAssertions;
using Grader.Checks.Handins.Allowlist;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>
/// Issue 79 item 2: every source of a value that differs from one process to the next (the fresh host rebuilds the
/// network from its parameters and must compute the same function) is a compile error naming it, one case per API;
/// the deterministic neighbours of each stay allowed.
/// </summary>
public sealed class ProcessDependentValuesTests
{
    private const string Api = AllowlistAnalyzer.ApiRuleId;

    [OneTimeSetUp]
    public void WarmUpRoslyn() => AllowlistProbe.Compile(AllowlistProbe.Statement("var x = 1;")).Success.Should().BeTrue();

    private static IEnumerable<TestCaseData> Refused()
    {
        static TestCaseData Case(string statement, string named, string category) =>
            new TestCaseData(statement, named, category).SetArgDisplayNames(named + " | " + statement);

        const string Hash = "a hash code, which .NET randomises per process";
        const string Unseeded = "a random source seeded by the process";
        const string HashOrder = "a collection whose order follows hash codes";

        yield return Case("""var r = new Random();""", "System.Random() without a seed", Unseeded);
        yield return Case("""Random r = new();""", "System.Random() without a seed", Unseeded);
        yield return Case("""var h = "weights".GetHashCode();""", "System.String.GetHashCode", Hash);
        yield return Case("""var h = "weights".GetHashCode(StringComparison.Ordinal);""", "System.String.GetHashCode", Hash);
        yield return Case("""var h = string.GetHashCode("weights".AsSpan());""", "System.String.GetHashCode", Hash);
        yield return Case("""Func<int> h = "weights".GetHashCode;""", "System.String.GetHashCode", Hash);
        yield return Case("""var h = new object().GetHashCode();""", "System.Object.GetHashCode", Hash);
        yield return Case("""var h = this.GetHashCode();""", "System.Object.GetHashCode", Hash);
        yield return Case("""var h = StringComparer.Ordinal.GetHashCode("weights");""", "System.StringComparer.GetHashCode", Hash);
        yield return Case("""var h = EqualityComparer<string>.Default.GetHashCode("weights");""", "System.Collections.Generic.EqualityComparer.GetHashCode", Hash);
        yield return Case("""var h = CultureInfo.InvariantCulture.CompareInfo.GetHashCode("weights", CompareOptions.None);""", "System.Globalization.CompareInfo.GetHashCode", Hash);
        yield return Case("""var h = ("weights", 1).GetHashCode();""", "System.ValueTuple.GetHashCode", Hash);
        yield return Case("""var h = new { Name = "weights" }.GetHashCode();""", "System.Object.GetHashCode", Hash);
        yield return Case("""var h = HashCode.Combine(1, 2);""", "System.HashCode.Combine", Hash);
        yield return Case("""var h = new HashCode(); h.Add(1);""", "System.HashCode", Hash);
        yield return Case("""var id = Guid.NewGuid();""", "System.Guid.NewGuid", "a random value");
        yield return Case("""var order = new[] { 1, 2, 3 }.Shuffle().ToArray();""", "System.Linq.Enumerable.Shuffle", "process-wide state");
        yield return Case("""var table = new System.Collections.Hashtable();""", "System.Collections.Hashtable", HashOrder);
        yield return Case("""var map = System.Collections.Immutable.ImmutableDictionary.Create<string, int>();""", "System.Collections.Immutable.ImmutableDictionary.Create", HashOrder);
        yield return Case("""var set = System.Collections.Immutable.ImmutableHashSet.Create("a", "b");""", "System.Collections.Immutable.ImmutableHashSet.Create", HashOrder);
        yield return Case("""var set = System.Collections.Frozen.FrozenSet.ToFrozenSet(new[] { "a", "b" });""", "System.Collections.Frozen.FrozenSet.ToFrozenSet", HashOrder);
        yield return Case("""var map = new System.Collections.Specialized.HybridDictionary();""", "System.Collections.Specialized.HybridDictionary", HashOrder);
    }

    [TestCaseSource(nameof(Refused))]
    public void A_process_dependent_value_is_a_compile_error_naming_it(string statement, string named, string category)
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement(statement));

        result.Success.Should().BeFalse();
        result.AllowlistErrors().Should().Contain(
            e => e.Id == Api && e.Line == AllowlistProbe.StatementLine && e.Message.Contains(named) && e.Message.Contains(category),
            $"`{statement}` uses {named}; errors: {string.Join("; ", result.Errors)}");
        result.AllowlistErrors().Should().OnlyContain(e => e.Line == AllowlistProbe.StatementLine, "nothing else in the probe is refused");
    }

    /// <summary>The deterministic neighbour of every refused call compiles.</summary>
    [TestCase("""var r = new Random(42).NextDouble();""")]
    [TestCase("""Random r = new(7);""")]
    [TestCase("""var h = 3.GetHashCode() + 2.5.GetHashCode() + 'x'.GetHashCode() + true.GetHashCode() + 4L.GetHashCode();""")]
    [TestCase("""var h = StringComparison.Ordinal.GetHashCode();""")]
    [TestCase("""var h = EqualityComparer<int>.Default.GetHashCode(3);""")]
    [TestCase("""var same = "a".Equals("a") && new object() != this;""")]
    [TestCase("""var map = new Dictionary<string, int> { ["b"] = 1, ["a"] = 2 }; var keys = string.Join(",", map.Keys);""")]
    [TestCase("""var set = new HashSet<string> { "b", "a" }; var sorted = new SortedDictionary<string, int>(); var list = System.Collections.Immutable.ImmutableList.Create(1);""")]
    public void Its_deterministic_neighbour_compiles(string statement)
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement(statement));

        result.Success.Should().BeTrue(string.Join("; ", result.Errors));
    }

    [Test]
    public void A_hand_ins_own_GetHashCode_may_hash_numbers_but_not_a_string()
    {
        const string code = """
            namespace Student;

            public sealed class Key(int row, string name)
            {
                public int Row => row;
                public string Name => name;
                public override bool Equals(object? other) => other is Key k && k.Row == Row && k.Name == Name;
                public override int GetHashCode() => Row * 31 + Name.Length;
                public int Mixed() => GetHashCode() + new Key(1, "a").GetHashCode();
                public int Leaky() => Name.GetHashCode();
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().ContainSingle().Which.Should().Match<Grader.Checks.Results.CompileDiagnostic>(e => e.Line == 10 && e.Message.StartsWith("uses System.String.GetHashCode,"));
    }

    [Test]
    public void A_records_compiler_written_hash_code_is_refused()
    {
        const string code = """
            namespace Student;

            public sealed record Entry(string Name, int Row);

            public static class Probe
            {
                public static int Run() => new Entry("a", 1).GetHashCode();
            }
            """;

        AllowlistProbe.Compile(code).AllowlistErrors().Should().ContainSingle()
            .Which.Should().Match<Grader.Checks.Results.CompileDiagnostic>(e => e.Line == 7 && e.Message.StartsWith("uses Student.Entry.GetHashCode,"));
    }

    [TestCase("public sealed class Noise : Random { }", 3)]
    [TestCase("public sealed class Noise : Random { public Noise() { } }", 3)]
    [TestCase("public sealed class Noise : Random { public Noise() : base() { } }", 3)]
    [TestCase("public sealed class Noise() : Random { }", 3)]
    public void A_subclass_of_Random_that_chains_to_the_unseeded_constructor_is_refused(string declaration, int line)
    {
        var code = $"namespace Student;\n\n{declaration}\n";

        AllowlistProbe.Compile(code).AllowlistErrors().Should().Contain(e => e.Line == line && e.Message.StartsWith("uses System.Random() without a seed,"));
    }

    [TestCase("public sealed class Noise : Random { public Noise(int seed) : base(seed) { } }")]
    [TestCase("public sealed class Noise(int seed) : Random(seed) { }")]
    public void A_seeded_subclass_of_Random_compiles(string declaration)
    {
        var result = AllowlistProbe.Compile($"namespace Student;\n\n{declaration}\n");

        result.Success.Should().BeTrue(string.Join("; ", result.Errors));
    }
}
