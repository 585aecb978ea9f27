using System.Diagnostics;
using System.Reflection;
using Grader.Checks.Handins.Allowlist;

namespace Grader.Worker.Compile;

/// <summary>
/// The compile server (<c>grader-worker --compile</c>): compiles the hand-ins the grader sends, one at a time, with the
/// allowlist, and answers with the verdict and the image. Untrusted source goes through Roslyn here and not in the
/// grader, so a compiler bomb (a stack overflow, an endless overload resolution, a heap exhausted by exploding types)
/// costs this process, which the grader kills or replaces, and not the run. The compiler runs on a thread with a large
/// stack, and the server stays warm between hand-ins.
/// </summary>
public static class CompileServer
{
    /// <summary>The compiling thread's stack: deep enough for any source that passes <see cref="SourceShapeLimits"/>.</summary>
    private const int StackBytes = 256 << 20;

    /// <summary>Serves until stdin ends (exit code 0); 5 after running out of memory; 3 when the grader broke the framing.</summary>
    public static int Run(Stream input, Stream output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var compilers = new Dictionary<string, HandinCompiler>(StringComparer.Ordinal);
        try
        {
            while (CompileFrames.Read<CompileRequest>(input) is { } request)
            {
                var key = string.Join('\n', request.ContractAssemblies);
                if (!compilers.TryGetValue(key, out var compiler))
                {
                    compiler = new HandinCompiler(ApiAllowlist.Default.Analyzers, request.ContractAssemblies.Select(Assembly.LoadFrom));
                    compilers[key] = compiler;
                }

                var reply = Compile(compiler, request);
                CompileFrames.Write(output, reply);
                if (reply.OutOfMemory)
                {
                    return 5;
                }
            }

            return 0;
        }
        catch (InvalidDataException e)
        {
            error.WriteLine($"grader compile server: {e.Message}");
            return 3;
        }
    }

    private static CompileReply Compile(HandinCompiler compiler, CompileRequest request)
    {
        CompileReply? reply = null;
        var clock = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            try
            {
                var emitted = compiler.Emit(new HandinSource(request.Name, request.Files));
                reply = new CompileReply(emitted.Result.Success, emitted.Result.Errors, emitted.Result.WarningCount, emitted.Result.Elapsed.TotalSeconds,
                    emitted.Image, emitted.Symbols, OutOfMemory: false, emitted.Result.Excluded);
            }
            catch (OutOfMemoryException)
            {
                reply = new CompileReply(false, [], 0, clock.Elapsed.TotalSeconds, null, null, OutOfMemory: true);
            }
        }, StackBytes)
        {
            Name = "grader compile",
        };
        thread.Start();
        thread.Join();
        return reply!;
    }
}
