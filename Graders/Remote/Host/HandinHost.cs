using System.Runtime.Loader;
using System.Text;
using Grader.Remote.Channel;
using Grader.Remote.Handins;
using Grader.Remote.Values;

namespace Grader.Remote.Host;

/// <summary>
/// The host of a remote hand-in (<c>grader-host</c>, inside the sandbox): it loads the compiled hand-in it is sent
/// (with the contract assemblies beyond Grader.Contracts the grader sends along, such as a test pack's), says which
/// class binds each contract, and then only answers calls on the hand-in's objects — it runs no check, and holds no
/// expected value, reference solution or snapshot. Before any hand-in code runs, <see cref="Console.Out"/> and
/// <see cref="Console.Error"/> point at stderr, so what the hand-in prints lands in the log; frames go to the stdout
/// stream taken beforehand. An exception of the hand-in's goes back with the file and line of its innermost own frame
/// (<see cref="HandinTrace"/>, from the PDB that came with the image). When the channel breaks, the host exits at
/// once (code 3), so the hand-in cannot carry on past it and no later check meets a broken host.
/// </summary>
public static class HandinHost
{
    /// <summary>Serves until the grader closes stdin (exit code 0); 2 when the hand-in can't be loaded, 3 when the channel broke.</summary>
    public static int Run(Stream input, Stream output, Stream error) => Run(input, output, error, exit: code =>
    {
        Environment.Exit(code);
    });

    /// <summary>As <see cref="Run(Stream, Stream, Stream)"/>, with <paramref name="exit"/> called when the channel breaks during a call (it must not return to the hand-in).</summary>
    public static int Run(Stream input, Stream output, Stream error, Action<int> exit)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(exit);
        var log = new StreamWriter(error, new UTF8Encoding(false)) { AutoFlush = true };
        Console.SetOut(log);
        Console.SetError(log);

        HandinInstance? handin = null;
        var channel = new RemoteChannel(new BufferedStream(input, 1 << 16), output, HandinTrace.Locate)
        {
            ReportsBackwardPasses = true,
            RunsNoGradCalls = true,
            Resolver = contract => (handin ?? throw new InvalidOperationException("no hand-in is loaded")).Resolve(contract),
            OnBroken = broken =>
            {
                log.WriteLine($"grader host: the channel broke ({broken.Message}); exiting");
                exit(3);
            },
        };

        try
        {
            if (!channel.ReceiveRaw(out var load))
            {
                return 0;
            }

            if (load.Kind != FrameKind.Load)
            {
                log.WriteLine($"grader host: expected the hand-in, got a {load.Kind} message");
                return 3;
            }

            var name = load.ReadRequiredString();
            var image = load.ReadBytes() ?? throw new RemoteHostException("the hand-in's image is missing");
            var symbols = load.ReadBytes();
            var assemblies = new List<(string Name, byte[] Image)>();
            int assemblyCount = load.ReadCount(8, nullable: false);
            for (int i = 0; i < assemblyCount; i++)
            {
                assemblies.Add((load.ReadRequiredString(), load.ReadBytes() ?? throw new RemoteHostException("a contract assembly's image is missing")));
            }

            var contractNames = new List<string>();
            int contractCount = load.ReadCount(4, nullable: false);
            for (int i = 0; i < contractCount; i++)
            {
                contractNames.Add(load.ReadRequiredString());
            }

            load.End();
            Assembly loaded;
            try
            {
                var contractAssemblies = assemblies.Select(a => LoadContracts(a.Name, a.Image)).ToArray();
                channel.Contracts = ContractSet.Default.With(contractNames.Select(n => Find(contractAssemblies, n)));
                using var pe = new MemoryStream(image, writable: false);
                using var pdb = symbols is null ? null : new MemoryStream(symbols, writable: false);
                loaded = new HandinLoadContext(name, contractAssemblies).LoadFromStream(pe, pdb);
            }
            catch (Exception e) when (e is BadImageFormatException or NotSupportedException or FileLoadException or TypeLoadException)
            {
                log.WriteLine($"grader host: the hand-in or its contracts do not load: {e.Message}");
                return 2;
            }

            handin = new HandinInstance(loaded);
            var bindings = channel.Contracts.Interfaces.Select(handin.Bind).ToArray();
            channel.SendRaw(FrameKind.Loaded, w =>
            {
                w.WriteInt(bindings.Length);
                foreach (var b in bindings)
                {
                    w.WriteString(b.Contract.FullName);
                    w.WriteBool(b.IsMissing);
                    w.WriteString(b.Problem);
                }

                w.WriteString(ArithmeticProfile.Current.ToString());
            });
            channel.Serve();
            return 0;
        }
        catch (RemoteHostException e)
        {
            log.WriteLine($"grader host: {e.Message}");
            return 3;
        }
    }

    /// <summary>A contract assembly the grader sent (one of that name already loaded, such as Grader.Contracts, is used as it is).</summary>
    private static Assembly LoadContracts(string name, byte[] image)
    {
        var present = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name);
        return present ?? AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image, writable: false));
    }

    private static Type Find(IReadOnlyList<Assembly> assemblies, string fullName) =>
        assemblies.Append(ContractSet.ContractsAssembly).Select(a => a.GetType(fullName, throwOnError: false)).FirstOrDefault(t => t is not null)
        ?? throw new NotSupportedException($"the contract {fullName} is in none of the assemblies the grader sent");
}
