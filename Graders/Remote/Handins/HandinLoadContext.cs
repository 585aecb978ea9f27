using System.Runtime.Loader;

namespace Grader.Remote.Handins;

/// <summary>
/// The collectible load context one compiled hand-in lives in. The contract assemblies it is given, and assemblies
/// named <c>Grader.*</c>, resolve to the ones already loaded, so the contract interfaces and <c>Tensor</c> are the very
/// same types on both sides (<c>typeof(IDtuDdpm)</c> in the grader is the interface the hand-in implements).
/// Everything else falls back to the default context (the framework).
/// </summary>
public sealed class HandinLoadContext : AssemblyLoadContext
{
    private const string GraderPrefix = "Grader.";

    private readonly IReadOnlyList<Assembly> _contracts;

    /// <param name="handinName">The hand-in's name (for diagnostics).</param>
    /// <param name="contracts">Contract assemblies beyond Grader.Contracts the hand-in was compiled against (a host loads them from what the grader sent).</param>
    public HandinLoadContext(string handinName, IReadOnlyList<Assembly>? contracts = null)
        : base("handin:" + handinName, isCollectible: true)
    {
        _contracts = contracts ?? [];
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (_contracts.FirstOrDefault(a => a.GetName().Name == assemblyName.Name) is { } contract)
        {
            return contract;
        }

        if (assemblyName.Name is not { } name || !name.StartsWith(GraderPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var host = GetLoadContext(typeof(HandinLoadContext).Assembly) ?? Default;
        return host.Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? host.LoadFromAssemblyName(assemblyName);
    }
}
