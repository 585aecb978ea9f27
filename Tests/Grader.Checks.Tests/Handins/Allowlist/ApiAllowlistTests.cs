using FluentAssertions;
using Grader.Checks.Handins.Allowlist;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>The policy as data: longest prefix wins, default deny, name-only types, and a well-formed table.</summary>
public sealed class ApiAllowlistTests
{
    private static readonly ApiAllowlist Policy = ApiAllowlist.Default;

    [TestCase("System.Math.Sqrt")]
    [TestCase("System.Collections.Generic.List.Add")]
    [TestCase("System.Collections.Immutable.ImmutableArray.Create")]
    [TestCase("System.Linq.Enumerable.Select")]
    [TestCase("System.Text.StringBuilder.Append")]
    [TestCase("System.Numerics.Vector")]
    [TestCase("System.Globalization.CultureInfo.InvariantCulture")]
    [TestCase("System.NotImplementedException")]
    [TestCase("System.Type")]
    [TestCase("System.Type.op_Equality")]
    [TestCase("Grader.Tensors.torch.randn")]
    [TestCase("Grader.Tensors.Module.load_state_dict")]
    [TestCase("Grader.Contracts.Diffusion.IDdimStep")]
    [TestCase("System.Diagnostics.CodeAnalysis.NotNullWhenAttribute")]
    [TestCase("System.Diagnostics.UnreachableException")]
    [TestCase("System.Random.Next")]
    [TestCase("System.DateTime.AddDays")]
    [TestCase("System.Environment.NewLine")]
    public void Allowed(string name) => Policy.RefusalReason(name).Should().BeNull();

    [TestCase("System.IO.File.ReadAllText", "file I/O (a hand-in may not read or write files or streams)")]
    [TestCase("System.IO", "file I/O (a hand-in may not read or write files or streams)")]
    [TestCase("System.Type.GetMethod", "reflection")]
    [TestCase("System.Reflection.Emit.ILGenerator", "code generation")]
    [TestCase("System.Linq.Expressions.Expression.Lambda", "code generation (expression trees are compiled to code at run time)")]
    [TestCase("System.Threading.Tasks.Parallel.For", "threads and tasks (the contracts are synchronous)")]
    [TestCase("System.DateTime.Now", "the clock (a hand-in's result must not depend on when it runs)")]
    [TestCase("Grader.Tensors.torch.load", "file I/O (a hand-in may not read or write files)")]
    [TestCase("Grader.Checks.Catalog.CourseCatalog", ApiAllowlist.NotListedReason)]
    [TestCase("System.TimeZoneInfo", ApiAllowlist.NotListedReason)]
    [TestCase("Newtonsoft.Json.JsonConvert", ApiAllowlist.NotListedReason)]
    public void Refused(string name, string reason) => Policy.RefusalReason(name).Should().Be(reason);

    [Test]
    public void A_prefix_matches_only_at_a_dot()
    {
        var policy = new ApiAllowlist([AllowlistEntry.Allow("System.IO", "test")]);

        policy.RefusalReason("System.IO.File").Should().BeNull();
        policy.RefusalReason("System.IOThing").Should().Be(ApiAllowlist.NotListedReason);
    }

    [Test]
    public void The_longest_prefix_decides()
    {
        var policy = new ApiAllowlist(
        [
            AllowlistEntry.Deny("A", "outer"),
            AllowlistEntry.Allow("A.B", "middle"),
            AllowlistEntry.Deny("A.B.C", "inner"),
        ]);

        policy.Match("A.X")!.Reason.Should().Be("outer");
        policy.Match("A.B.X")!.Reason.Should().Be("middle");
        policy.Match("A.B.C.X")!.Reason.Should().Be("inner");
        policy.Match("Z").Should().BeNull();
    }

    [Test]
    public void A_name_only_type_may_be_named_but_its_members_and_nested_types_are_refused()
    {
        var policy = new ApiAllowlist([AllowlistEntry.NameOnly("N.T", "why"), AllowlistEntry.Allow("N.T.Ok", "fine")]);

        policy.RefusalReason("N.T").Should().BeNull();
        policy.RefusalReason("N.T.Ok").Should().BeNull();
        policy.RefusalReason("N.T.Member").Should().Be("why");
        policy.RefusalReason("N.T.Nested.Member").Should().Be("why");
    }

    [Test]
    public void A_malformed_or_duplicated_table_is_rejected()
    {
        FluentActions.Invoking(() => new ApiAllowlist([AllowlistEntry.Allow("A", "x"), AllowlistEntry.Deny("A", "y")]))
            .Should().Throw<ArgumentException>().WithMessage("*two entries for 'A'*");
        FluentActions.Invoking(() => new ApiAllowlist([AllowlistEntry.Allow("global::A", "x")])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ApiAllowlist([AllowlistEntry.Allow("A.", "x")])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ApiAllowlist([AllowlistEntry.Allow("A", " ")])).Should().Throw<ArgumentException>().WithMessage("*no reason*");
    }

    [Test]
    public void The_default_table_covers_every_category_of_the_issue()
    {
        var denied = ApiAllowlist.DefaultEntries.Where(e => e.Access == AllowlistAccess.Denied).Select(e => e.Prefix).ToArray();

        denied.Should().Contain(
        [
            "System.IO", "System.Net", "System.Diagnostics.Process", "System.Reflection", "System.Reflection.Emit",
            "System.Runtime.InteropServices", "System.Runtime.Loader", "System.Runtime.CompilerServices.Unsafe",
            "System.Threading", "System.Threading.Tasks", "System.Timers", "System.Security", "Microsoft.Win32",
            "System.Environment", "System.AppContext", "System.Activator", "System.Console", "System.GC", "System.Delegate",
            "Grader.Tensors.SafeTensors", "Grader.Tensors.torch.save", "Grader.Tensors.torch.load",
        ]);
        ApiAllowlist.DefaultEntries.Should().OnlyContain(e => e.Reason.Length > 0);
    }
}
