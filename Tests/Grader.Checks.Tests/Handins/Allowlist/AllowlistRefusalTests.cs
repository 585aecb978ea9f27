using FluentAssertions;
using Grader.Checks.Handins.Allowlist;
using Grader.Checks.Results;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>Every refused category is a compile error with the line and the API (or feature) named.</summary>
public sealed class AllowlistRefusalTests
{
    private const string Api = AllowlistAnalyzer.ApiRuleId;
    private const string Feature = AllowlistAnalyzer.FeatureRuleId;

    [OneTimeSetUp]
    public void WarmUpRoslyn() => AllowlistProbe.Compile(AllowlistProbe.Statement("var x = 1;")).Success.Should().BeTrue();

    /// <summary>A statement, the rule it breaks, and what the message must name (the API and the category).</summary>
    private static IEnumerable<TestCaseData> RefusedStatements()
    {
        static TestCaseData Case(string statement, string id, string named, string category) =>
            new TestCaseData(statement, id, named, category).SetArgDisplayNames(named);

        // File and network I/O
        yield return Case("""var text = System.IO.File.ReadAllText("/etc/passwd");""", Api, "System.IO.File.ReadAllText", "file I/O");
        yield return Case("""var stream = new System.IO.FileStream("x", System.IO.FileMode.Open);""", Api, "System.IO.FileStream", "file I/O");
        yield return Case("""global::System.IO.File.Delete("x");""", Api, "System.IO.File.Delete", "file I/O");
        yield return Case("""var client = new System.Net.Http.HttpClient();""", Api, "System.Net.Http.HttpClient", "the network");
        yield return Case("""var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);""", Api, "System.Net.Sockets.Socket", "the network");
        yield return Case("""var weights = torch.load("weights.safetensors");""", Api, "Grader.Tensors.torch.load", "file I/O");
        yield return Case("""torch.save(new List<(string, Tensor)>(), "out.safetensors");""", Api, "Grader.Tensors.torch.save", "file I/O");
        yield return Case("""var state = SafeTensors.Load("hidden.safetensors");""", Api, "Grader.Tensors.SafeTensors.Load", "file I/O");
        yield return Case("""torch.nn.Linear(2, 2, new Generator(1)).save("x.safetensors");""", Api, "Grader.Tensors.ModuleSerialization.save", "file I/O");

        // Processes and the environment
        yield return Case("""System.Diagnostics.Process.Start("sh");""", Api, "System.Diagnostics.Process.Start", "processes");
        yield return Case("""Environment.Exit(0);""", Api, "System.Environment.Exit", "the process environment");
        yield return Case("""Environment.FailFast("graded");""", Api, "System.Environment.FailFast", "the process environment");
        yield return Case("""var home = Environment.GetEnvironmentVariable("HOME");""", Api, "System.Environment.GetEnvironmentVariable", "the process environment");
        yield return Case("""var data = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES");""", Api, "System.AppContext.GetData", "the process environment");
        yield return Case("""var domain = AppDomain.CurrentDomain;""", Api, "System.AppDomain.CurrentDomain", "runtime control");
        yield return Case("""GC.Collect();""", Api, "System.GC.Collect", "runtime control");
        yield return Case("""Console.WriteLine("All checks passed");""", Api, "System.Console.WriteLine", "console I/O");
        yield return Case("""System.Diagnostics.Debug.Assert(false);""", Api, "System.Diagnostics.Debug.Assert", "debug output");
        yield return Case("""var clock = System.Diagnostics.Stopwatch.StartNew();""", Api, "System.Diagnostics.Stopwatch.StartNew", "the clock");
        yield return Case("""var now = DateTime.Now;""", Api, "System.DateTime.Now", "the clock");
        yield return Case("""CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;""", Api, "System.Globalization.CultureInfo.CurrentCulture", "culture settings");

        // Reflection and code generation
        yield return Case("""typeof(Probe).GetMethod("Run")!.Invoke(this, null);""", Api, "System.Type.GetMethod", "reflection");
        yield return Case("""var probe = (Probe)Activator.CreateInstance(typeof(Probe))!;""", Api, "System.Activator.CreateInstance", "reflection");
        yield return Case("""var type = Type.GetType("Grader.Checks.Catalog.CourseCatalog");""", Api, "System.Type.GetType", "reflection");
        yield return Case("""var assembly = System.Reflection.Assembly.Load("Grader.Checks");""", Api, "System.Reflection.Assembly.Load", "reflection");
        yield return Case("""var fields = GetType().Assembly;""", Api, "System.Type.Assembly", "reflection");
        yield return Case("""Func<int> f = () => 1; f.DynamicInvoke();""", Api, "System.Delegate.DynamicInvoke", "reflection");
        yield return Case("""var method = new System.Reflection.Emit.DynamicMethod("m", null, null);""", Api, "System.Reflection.Emit.DynamicMethod", "code generation");
        yield return Case("""System.Linq.Expressions.Expression<Func<int>> e = () => 1;""", Api, "System.Linq.Expressions.Expression", "code generation");
        yield return Case("""var json = System.Text.Json.JsonSerializer.Serialize(this);""", Api, "System.Text.Json.JsonSerializer.Serialize", "reflection");

        // Native interop and unsafe memory without the keyword
        yield return Case("""var memory = System.Runtime.InteropServices.Marshal.AllocHGlobal(8);""", Api, "System.Runtime.InteropServices.Marshal.AllocHGlobal", "native interop");
        yield return Case("""int x = 1; var span = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref x, 1000);""", Api, "System.Runtime.InteropServices.MemoryMarshal.CreateSpan", "native interop");
        yield return Case("""var a = new float[2]; var v = System.Numerics.Vector4.LoadUnsafe(ref a[0], 1000);""", Api, "System.Numerics.Vector4.LoadUnsafe", "unchecked memory access");
        yield return Case("""var a = new float[1]; var v = System.Numerics.Vector2.LoadUnsafe(ref a[0]);""", Api, "System.Numerics.Vector2.LoadUnsafe", "unchecked memory access");
        yield return Case("""var v = System.Numerics.Vector3.CreateScalarUnsafe(1f);""", Api, "System.Numerics.Vector3.CreateScalarUnsafe", "undefined values");
        yield return Case("""var s = System.Runtime.CompilerServices.Unsafe.As<string>(new object());""", Api, "System.Runtime.CompilerServices.Unsafe.As", "unsafe memory access");
        yield return Case("""var context = System.Runtime.Loader.AssemblyLoadContext.Default;""", Api, "System.Runtime.Loader.AssemblyLoadContext.Default", "loading assemblies");

        // Threads, tasks and timers (System.Threading and System.Threading.Tasks are among the implicit usings)
        yield return Case("""new Thread(() => { }).Start();""", Api, "System.Threading.Thread", "threads");
        yield return Case("""Thread.Sleep(1000);""", Api, "System.Threading.Thread.Sleep", "threads");
        yield return Case("""ThreadPool.QueueUserWorkItem(_ => { });""", Api, "System.Threading.ThreadPool.QueueUserWorkItem", "threads");
        yield return Case("""var task = Task.Run(() => 1);""", Api, "System.Threading.Tasks.Task.Run", "threads and tasks");
        yield return Case("""Parallel.For(0, 10, i => { });""", Api, "System.Threading.Tasks.Parallel.For", "threads and tasks");
        yield return Case("""var timer = new Timer(_ => { }, null, 0, 1);""", Api, "System.Threading.Timer", "timers");
        yield return Case("""var timer = new System.Timers.Timer(10);""", Api, "System.Timers.Timer", "timers");
        yield return Case("""var sum = new[] { 1, 2 }.AsParallel().Sum();""", Api, "System.Linq.ParallelEnumerable.AsParallel", "threads");
        yield return Case("""var bag = new System.Collections.Concurrent.ConcurrentBag<int>();""", Api, "System.Collections.Concurrent.ConcurrentBag", "threads");

        // Shared state and the default deny
        yield return Case("""var pool = System.Buffers.ArrayPool<float>.Shared;""", Api, "System.Buffers.ArrayPool.Shared", "shared buffer pools");
        yield return Case("""var id = Guid.NewGuid();""", Api, "System.Guid.NewGuid", "a random value");
        yield return Case("""var culture = System.Security.Principal.WindowsIdentity.GetCurrent();""", Api, "System.Security.Principal.WindowsIdentity.GetCurrent", "security");
        yield return Case("""var key = Microsoft.Win32.Registry.CurrentUser;""", Api, "Microsoft.Win32.Registry.CurrentUser", "the registry");

        // Language features
        yield return Case("""dynamic x = 1;""", Feature, "`dynamic`", "dynamic binding");
        yield return Case("""var list = new List<dynamic>();""", Feature, "`dynamic`", "dynamic binding");
        yield return Case("""unsafe { int x = 1; }""", Feature, "An `unsafe` block", "unsafe code");
        yield return Case("""int x = 1; var r = __makeref(x);""", Feature, "`__makeref`", "undocumented runtime features");

        // State the process keeps outside any field of the model (issue 79 item 2): each a memory or a random source a
        // network could read and write between calls without GRADER005 seeing a field.
        yield return Case("""var calls = new ThreadLocal<int>(() => 0);""", Api, "System.Threading.ThreadLocal", "threads");
        yield return Case("""var calls = new AsyncLocal<int>();""", Api, "System.Threading.AsyncLocal", "threads");
        yield return Case("""var seen = new System.Runtime.CompilerServices.ConditionalWeakTable<object, object>();""", Api, "System.Runtime.CompilerServices.ConditionalWeakTable", "compiler and runtime internals");
        yield return Case("""Environment.SetEnvironmentVariable("CALLS", "1");""", Api, "System.Environment.SetEnvironmentVariable", "the process environment");
        yield return Case("""AppContext.SetData("calls", 1);""", Api, "System.AppContext.SetData", "the process environment");
        yield return Case("""var draw = Random.Shared.NextDouble();""", Api, "System.Random.Shared", "process-wide state");
        yield return Case("""var key = string.Intern("call-1");""", Api, "System.String.Intern", "process-wide state");
        yield return Case("""var seen = string.IsInterned("call-1") is not null;""", Api, "System.String.IsInterned", "process-wide state");
    }

    [TestCaseSource(nameof(RefusedStatements))]
    public void A_refused_use_is_a_compile_error_on_its_line_naming_the_api(string statement, string id, string named, string category)
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement(statement));

        result.Success.Should().BeFalse();
        result.AllowlistErrors().Should().Contain(
            e => e.Id == id && e.Line == AllowlistProbe.StatementLine && e.File == AllowlistProbe.FileName && e.Message.Contains(named) && e.Message.Contains(category),
            $"`{statement}` uses {named} ({category}); errors: {string.Join("; ", result.Errors)}");
        result.AllowlistErrors().Should().OnlyContain(e => e.Line == AllowlistProbe.StatementLine, "nothing else in the probe is refused");
    }

    [Test]
    public void The_message_names_the_api_and_the_category_and_points_at_the_member()
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement("""var text = System.IO.File.ReadAllText("/etc/passwd");"""));

        var error = result.AllowlistErrors().Should().ContainSingle("a qualified name is one use, reported once").Subject;
        error.Should().Be(new CompileDiagnostic(
            AllowlistProbe.FileName, AllowlistProbe.StatementLine, 35, "GRADER001",
            "uses System.IO.File.ReadAllText, which hand-ins may not use: file I/O (a hand-in may not read or write files or streams)"));
    }

    [Test]
    public void Reflection_through_a_chain_reports_each_refused_member()
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement("""typeof(Probe).GetMethod("Run")!.Invoke(this, null);"""));

        result.AllowlistErrors().Select(e => e.Message).Should().SatisfyRespectively(
            first => first.Should().StartWith("uses System.Type.GetMethod,"),
            second => second.Should().StartWith("uses System.Reflection.MethodBase.Invoke,"));
    }

    [Test]
    public void A_chain_of_refused_members_reports_each_member_but_not_the_qualifying_type()
    {
        var result = AllowlistProbe.Compile(AllowlistProbe.Statement("Console.Out.WriteLine(1);"));

        result.AllowlistErrors().Select(e => e.Message).Should().SatisfyRespectively(
            first => first.Should().StartWith("uses System.Console.Out,"),
            second => second.Should().StartWith("uses System.IO.TextWriter.WriteLine,"));
    }

    [Test]
    public void A_method_group_and_a_type_pattern_are_refused_but_nameof_is_not_a_use()
    {
        AllowlistProbe.Compile(AllowlistProbe.Statement("Func<string, string> read = System.IO.File.ReadAllText;"))
            .AllowlistErrors().Should().ContainSingle().Which.Message.Should().StartWith("uses System.IO.File.ReadAllText,");
        AllowlistProbe.Compile(AllowlistProbe.Statement("object o = this; var isStream = o is System.IO.Stream;"))
            .AllowlistErrors().Should().ContainSingle().Which.Message.Should().StartWith("uses System.IO.Stream,");
        AllowlistProbe.Compile(AllowlistProbe.Statement("var name = nameof(System.IO.File.ReadAllText);")).Success.Should().BeTrue();
    }

    [Test]
    public void An_alias_is_refused_where_it_is_declared_and_where_it_is_used()
    {
        const string code = """
            using F = System.IO.File;

            namespace Student;

            public static class Probe
            {
                public static string Run() => F.ReadAllText("/etc/passwd");
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 1 && e.Message.StartsWith("uses System.IO.File,"));
        errors.Should().Contain(e => e.Line == 7 && e.Message.StartsWith("uses System.IO.File.ReadAllText,"));
    }

    [Test]
    public void Using_static_is_refused_and_so_is_the_bare_call()
    {
        const string code = """
            using static System.IO.File;

            namespace Student;

            public static class Probe
            {
                public static string Run() => ReadAllText("/etc/passwd");
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 1 && e.Message.StartsWith("uses System.IO.File,"));
        errors.Should().Contain(e => e.Line == 7 && e.Message.StartsWith("uses System.IO.File.ReadAllText,"));
    }

    [Test]
    public void A_nested_generic_argument_is_refused()
    {
        var errors = AllowlistProbe.Compile(AllowlistProbe.Statement("var t = typeof(List<Dictionary<string, System.IO.FileInfo>>);")).AllowlistErrors();

        errors.Should().ContainSingle().Which.Message.Should().StartWith("uses System.IO.FileInfo,");
    }

    [Test]
    public void Refused_uses_are_found_in_lambdas_local_functions_field_initializers_static_constructors_and_attribute_arguments()
    {
        const string code = """
            namespace Student;

            [AttributeUsage(AttributeTargets.Class)]
            public sealed class TagAttribute(Type type) : Attribute
            {
                public Type Type { get; } = type;
            }

            [Tag(typeof(System.IO.File))]
            public sealed class Probe
            {
                private static readonly string Secret = System.IO.File.ReadAllText("/hidden/expected.json");

                static Probe()
                {
                    Environment.Exit(0);
                }

                public Func<string> Lambda() => () => Environment.MachineName;

                public int Local()
                {
                    return Count();

                    static int Count() => System.IO.Directory.GetFiles("/").Length;
                }
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Select(e => (e.Line, e.Message[..e.Message.IndexOf(',')])).Should().BeEquivalentTo(
        [
            (9, "uses System.IO.File"),
            (12, "uses System.IO.File.ReadAllText"),
            (16, "uses System.Environment.Exit"),
            (19, "uses System.Environment.MachineName"),
            (25, "uses System.IO.Directory.GetFiles"),
        ]);
    }

    [Test]
    public void Base_types_and_implicitly_typed_object_creation_are_refused()
    {
        const string code = """
            namespace Student;

            public sealed class Sneaky : System.IO.MemoryStream
            {
            }

            public static class Probe
            {
                public static void Run(Thread thread) { }

                public static void Go() => Run(new(() => { }));
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 3 && e.Message.StartsWith("uses System.IO.MemoryStream,"));
        errors.Should().Contain(e => e.Line == 9 && e.Message.StartsWith("uses System.Threading.Thread,"));
        errors.Should().Contain(e => e.Line == 11 && e.Message.StartsWith("uses System.Threading.Thread,"), "new() creates a Thread without naming it");
    }

    [Test]
    public void Unsafe_members_pointers_fixed_stackalloc_into_pointers_and_function_pointers_are_refused()
    {
        const string code = """
            namespace Student;

            public static unsafe class Probe
            {
                public static int Run(int[] values)
                {
                    fixed (int* p = values)
                    {
                        int* q = stackalloc int[4];
                        delegate*<int, int> f = null;
                        return *p + q[0];
                    }
                }
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 3 && e.Id == Feature && e.Message.StartsWith("The `unsafe` modifier is not allowed in a hand-in: unsafe code"));
        errors.Should().Contain(e => e.Line == 7 && e.Message.StartsWith("A `fixed` statement"));
        errors.Should().Contain(e => e.Line == 7 && e.Message.StartsWith("A pointer type"));
        errors.Should().Contain(e => e.Line == 9 && e.Message.StartsWith("`stackalloc` into a pointer"));
        errors.Should().Contain(e => e.Line == 10 && e.Message.StartsWith("A function pointer"));
        errors.Should().Contain(e => e.Line == 11 && e.Message.StartsWith("Dereferencing a pointer"));
    }

    [Test]
    public void DllImport_and_extern_are_refused()
    {
        const string code = """
            namespace Student;

            public static class Probe
            {
                [System.Runtime.InteropServices.DllImport("libc")]
                private static extern int getpid();

                public static int Run() => getpid();
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().BeEquivalentTo(
        [
            new CompileDiagnostic(AllowlistProbe.FileName, 5, 6, Feature, "[DllImport] is not allowed in a hand-in: native interop (P/Invoke calls native code)"),
            new CompileDiagnostic(AllowlistProbe.FileName, 6, 20, Feature, "An `extern` member is not allowed in a hand-in: native interop (an extern member is implemented outside the hand-in)"),
        ]);
    }

    [Test]
    public void LibraryImport_is_refused()
    {
        const string code = """
            using System.Runtime.InteropServices;

            namespace Student;

            public static partial class Probe
            {
                [LibraryImport("libc")]
                private static partial int getpid();
            }
            """;

        AllowlistProbe.Compile(code).AllowlistErrors().Should().Contain(e => e.Line == 7 && e.Message.StartsWith("[LibraryImport] is not allowed"));
    }

    [Test]
    public void A_module_initializer_is_refused()
    {
        const string code = """
            namespace Student;

            public static class Probe
            {
                [System.Runtime.CompilerServices.ModuleInitializer]
                internal static void Init() { }
            }
            """;

        AllowlistProbe.Compile(code).AllowlistErrors().Should().ContainSingle().Which.Should().Be(new CompileDiagnostic(
            AllowlistProbe.FileName, 5, 6, Feature,
            "[ModuleInitializer] is not allowed in a hand-in: module initializers (code that runs when the hand-in is loaded)"));
    }

    [Test]
    public void A_home_made_module_initializer_attribute_in_a_framework_namespace_is_refused_too()
    {
        const string code = """
            namespace System.Runtime.CompilerServices
            {
                [AttributeUsage(AttributeTargets.Method)]
                public sealed class ModuleInitializerAttribute : Attribute { }
            }

            namespace Student
            {
                public static class Probe
                {
                    [System.Runtime.CompilerServices.ModuleInitializer]
                    internal static void Init() { }
                }
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 1 && e.Message.StartsWith("Declaring types in namespace System.Runtime.CompilerServices is not allowed"));
        errors.Should().Contain(e => e.Line == 11 && e.Message.StartsWith("[ModuleInitializer] is not allowed"));
    }

    [Test]
    public void Finalizers_and_arglist_are_refused()
    {
        const string code = """
            namespace Student;

            public sealed class Probe
            {
                ~Probe() { }

                public static void Run(__arglist) { }
            }
            """;

        var errors = AllowlistProbe.Compile(code).AllowlistErrors();

        errors.Should().Contain(e => e.Line == 5 && e.Message.StartsWith("A finalizer is not allowed"));
        errors.Should().Contain(e => e.Line == 7 && e.Message.StartsWith("`__arglist` is not allowed"));
    }
}
