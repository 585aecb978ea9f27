using System.Reflection;
using System.Text;
using Grader.Checks.Handins;
using Grader.Tensors;
#if !GRADER_HOST
using Grader.Checks.Results;
#endif

namespace Grader.Cli.Remote;

/// <summary>
/// The host of a remote hand-in (<c>grader worker --host</c>, inside the sandbox): it loads the compiled hand-in it is
/// sent, says which class binds each contract, and then only answers calls on the hand-in's objects — it runs no
/// check, and holds no expected value, reference solution or snapshot. Before any hand-in code runs,
/// <see cref="Console.Out"/> and <see cref="Console.Error"/> point at stderr, so what the hand-in prints lands in the
/// log; frames go to the stdout stream taken beforehand. An exception of the hand-in's goes back with the file and
/// line of its innermost own frame (<see cref="HandinTrace"/>, from the PDB that came with the image).
/// <para>
/// The same source builds into <c>grader</c> (<c>grader worker --host</c>) and into the separate host program
/// Graders/Host (<c>grader-host</c>, compiled with <c>GRADER_HOST</c>), which holds only this, the channel,
/// Grader.Contracts and Grader.Tensors, and the hand-in loading of Grader.Checks/Handins linked in as source.
/// </para>
/// </summary>
public static class HandinHost
{
    /// <summary>Serves until the grader closes stdin (exit code 0); 2 when the hand-in can't be loaded, 3 when the grader broke the protocol.</summary>
    public static int Run(Stream input, Stream output, Stream error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var log = new StreamWriter(error, new UTF8Encoding(false)) { AutoFlush = true };
        Console.SetOut(log);
        Console.SetError(log);

        HandinInstance? handin = null;
        var channel = new RemoteChannel(new BufferedStream(input, 1 << 16), output, HandinTrace.Locate)
        {
            Resolver = contract => (handin ?? throw new InvalidOperationException("no hand-in is loaded")).Resolve(contract),
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
            load.End();
            Assembly loaded;
            try
            {
                loaded = Load(name, image, symbols);
            }
            catch (BadImageFormatException e)
            {
                log.WriteLine($"grader host: the hand-in's image does not load: {e.Message}");
                return 2;
            }

            handin = new HandinInstance(loaded);
            var bindings = RemoteChannel.Contracts.Values.OrderBy(t => t.FullName, StringComparer.Ordinal).Select(handin.Bind).ToArray();
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

    /// <summary>Loads the image into a load context of its own, where Grader.* resolve to this program's assemblies.</summary>
    private static Assembly Load(string name, byte[] image, byte[]? symbols)
    {
#if GRADER_HOST
        using var pe = new MemoryStream(image, writable: false);
        using var pdb = symbols is null ? null : new MemoryStream(symbols, writable: false);
        return new HandinLoadContext(name).LoadFromStream(pe, pdb);
#else
        return HandinCompiler.Load(name, new EmittedHandin(new CompileResult(true, [], 0, TimeSpan.Zero, null), image, symbols)).Assembly!;
#endif
    }
}
