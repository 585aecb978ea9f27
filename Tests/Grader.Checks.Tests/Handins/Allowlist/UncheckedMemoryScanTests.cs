using System.Reflection;
using Grader.Checks.Handins;
using Grader.Checks.Handins.Allowlist;

namespace Grader.Checks.Tests.Handins.Allowlist;

/// <summary>
/// Every public member a hand-in could call that reads or writes memory through a managed reference and an offset
/// (<c>Vector2.LoadUnsafe(ref float, nuint)</c>, <c>MemoryMarshal.CreateSpan(ref T, int)</c>, <c>Unsafe.Add</c> …) does no
/// bounds check: with it, a hand-in reads an array's header or writes past its end without <c>unsafe</c>. This scans
/// every public type of the assemblies hand-ins compile against (the framework, the engine, the contracts) by
/// reflection and fails when such a member is not refused by the allowlist, so a new framework version's additions
/// cannot slip through unnoticed.
/// </summary>
public sealed class UncheckedMemoryScanTests
{
    private static readonly Type[] Offsets = [typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(nint), typeof(nuint)];

    /// <summary>Members the scan flags that are bounds-checked all the same, each with the reason.</summary>
    private static readonly Dictionary<string, string> CheckedAllTheSame = new(StringComparer.Ordinal)
    {
        ["System.Array.Resize"] = "the reference is to the array variable, and the new length is checked",
    };

    [Test]
    public void Every_member_taking_a_reference_and_an_offset_is_refused()
    {
        var unrefused = new SortedSet<string>(StringComparer.Ordinal);
        int scanned = 0;
        foreach (var type in ReachableTypes())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (member is not MethodBase method || !ReadsThroughAReference(method))
                {
                    continue;
                }

                scanned++;
                var name = method is ConstructorInfo ? Name(type) : Name(type) + "." + method.Name;
                if (ApiAllowlist.Default.RefusalReason(name) is null && !CheckedAllTheSame.ContainsKey(name))
                {
                    unrefused.Add($"{name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})");
                }
            }
        }

        TestContext.Out.WriteLine($"{scanned} members take a reference and an offset, or are named unsafe");
        Assert.That(scanned, Is.GreaterThan(50), "the scan must see the framework's MemoryMarshal, Unsafe and vector members");
        Assert.That(unrefused, Is.Empty, "members that reach memory without bounds checks must be refused:\n" + string.Join("\n", unrefused));
    }

    [Test]
    public void The_scan_recognises_the_members_it_is_for()
    {
        Assert.That(ReadsThroughAReference(typeof(System.Numerics.Vector).GetMethods().First(m => m.Name == "LoadUnsafe" && m.GetParameters().Length == 2)), Is.True);
        Assert.That(ReadsThroughAReference(typeof(System.Runtime.InteropServices.MemoryMarshal).GetMethod("CreateSpan")!), Is.True);
        Assert.That(ReadsThroughAReference(typeof(int).GetMethod("TryParse", [typeof(string), typeof(int).MakeByRefType()])!), Is.False, "an out parameter is written, not read through");
        Assert.That(ReadsThroughAReference(typeof(Math).GetMethod("Max", [typeof(int), typeof(int)])!), Is.False);
    }

    /// <summary>A ref/in parameter together with an integer parameter (an offset or a length), or "Unsafe" in the name.</summary>
    private static bool ReadsThroughAReference(MethodBase method)
    {
        if (method.Name.Contains("Unsafe", StringComparison.Ordinal))
        {
            return true;
        }

        var parameters = method.GetParameters();
        bool byRef = parameters.Any(p => p.ParameterType.IsByRef && !p.IsOut);
        bool offset = parameters.Any(p => Offsets.Contains(p.ParameterType));
        return byRef && offset;
    }

    /// <summary>The public types of the assemblies a hand-in is compiled against.</summary>
    private static IEnumerable<Type> ReachableTypes()
    {
        foreach (var reference in HandinCompiler.Default.References)
        {
            var path = reference.Display;
            if (string.IsNullOrEmpty(path))
            {
                continue;
            }

            Assembly assembly;
            Type[] types;
            try
            {
                assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
                types = assembly.GetExportedTypes();
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ReflectionTypeLoadException or NotSupportedException)
            {
                continue;
            }

            foreach (var type in types)
            {
                yield return type;
            }
        }
    }

    /// <summary>The name the allowlist judges: namespace, containing types and name, without generic arity.</summary>
    private static string Name(Type type)
    {
        var parts = new List<string>();
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            var name = t.Name;
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            parts.Add(tick < 0 ? name : name[..tick]);
        }

        if (!string.IsNullOrEmpty(type.Namespace))
        {
            parts.Add(type.Namespace);
        }

        parts.Reverse();
        return string.Join('.', parts);
    }
}
