using System.Reflection;
using System.Runtime.Loader;

namespace Grader.Checks.Handins;

/// <summary>
/// The collectible load context one compiled hand-in lives in. Assemblies named <c>Grader.*</c> resolve to the ones
/// the grader already has loaded, so the contract interfaces and <c>Tensor</c> are the very same types on both sides
/// (<c>typeof(IDtuDdpm)</c> in the grader is the interface the hand-in implements). Everything else falls back to the
/// default context (the framework).
/// </summary>
internal sealed class HandinLoadContext : AssemblyLoadContext
{
    private const string GraderPrefix = "Grader.";

    public HandinLoadContext(string handinName)
        : base("handin:" + handinName, isCollectible: true)
    {
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name || !name.StartsWith(GraderPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var host = GetLoadContext(typeof(HandinLoadContext).Assembly) ?? Default;
        return host.Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? host.LoadFromAssemblyName(assemblyName);
    }
}
