using System.Reflection;
using Grader.Remote.Values;

namespace Grader.Runner.Host;

/// <summary>
/// The contracts a run's host loads: those of the run's catalog (<see cref="GradingConfig.Catalog"/>, chosen by the
/// grader, never by a hand-in). The course's packs keep their contracts in Grader.Contracts, which every host has, so
/// for them this is <see cref="ContractSet.Default"/> and the host is sent no assembly. A pack whose contracts live in
/// an assembly of their own (a test pack's) has that assembly sent, as bytes over the channel, and the set still
/// refuses every type that cannot cross. An assembly that also holds a check or a reference of the run is refused:
/// a host receives a contract assembly whole, so that would put the tutor's code in the hand-in's process.
/// </summary>
public static class HostContracts
{
    /// <summary>The contract set for <paramref name="config"/>'s hosts.</summary>
    /// <exception cref="InvalidOperationException">
    /// A contract lives in an assembly that holds a check or a reference of the run, or can't cross the channel (a defect
    /// of the grader's packs; <see cref="RemoteCheckRunner"/> reports it as a host that could not start).
    /// </exception>
    public static ContractSet For(GradingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var contracts = config.Catalog.Packs.SelectMany(p => p.Contracts).Distinct().ToArray();
        if (contracts.All(ContractSet.Default.Contains))
        {
            return ContractSet.Default;
        }

        ContractSet set;
        try
        {
            set = ContractSet.Default.With(contracts);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidOperationException($"a contract of the run can't cross to its host: {e.Message}", e);
        }

        var tutorSide = TutorAssemblies(config);
        if (set.Assemblies.FirstOrDefault(a => a != ContractSet.ContractsAssembly && tutorSide.Contains(a)) is { } mixed)
        {
            var contract = set.Interfaces.First(i => i.Assembly == mixed);
            throw new InvalidOperationException(
                $"the contract {contract.FullName} lives in {mixed.GetName().Name}, which also holds checks or references of the run; " +
                "a host receives a contract assembly whole, so a pack's contracts need an assembly of their own (as Grader.Contracts)");
        }

        return set;
    }

    /// <summary>The assemblies of the run's checks (hidden ones as bound) and of the tutor packs' reference factories and hidden checks.</summary>
    private static HashSet<Assembly> TutorAssemblies(GradingConfig config)
    {
        var checks = config.Catalog.Tasks.SelectMany(t => t.Checks).Select(c => c.Check.GetType().Assembly);
        var tutor = config.Catalog.TutorPacks.SelectMany(p => p.References.Values.Select(f => f.Method.DeclaringType?.Assembly)
            .Concat(p.HiddenChecks.Select(c => c.GetType().Assembly)));
        return [.. checks.Concat(tutor).OfType<Assembly>()];
    }
}
