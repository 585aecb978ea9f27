using System.Diagnostics;

namespace Grader.Runner;

/// <summary>
/// A worker process as the grader starts it, for both kinds of worker (the JSON-lines worker that ran checks, and the
/// host of a remote hand-in): the launch command line (plain, or wrapped in <c>bwrap …</c> by a launcher), a minimal
/// environment with the .NET heap limit and one BLAS thread, redirected stdin, stdout and stderr, and a kill of the
/// whole process tree.
/// <para>
/// The process is started on a thread of its own that lives until this object is disposed (after the process has
/// exited or been killed), because a child that asks for a signal when its parent dies (<c>bwrap --die-with-parent</c>,
/// <c>PR_SET_PDEATHSIG</c>) gets it when the <em>thread</em> that started it ends, and thread-pool threads end when they
/// have been idle for a while.
/// </para>
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        Process = process;
    }

    /// <summary>The running process.</summary>
    public Process Process { get; }

    /// <summary>Starts <paramref name="launch"/> under <paramref name="limits"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    public static async Task<WorkerProcess> StartAsync(WorkerCommandLine launch, WorkerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(limits);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = WorkerProtocol.Utf8,
            StandardErrorEncoding = WorkerProtocol.Utf8,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Configure(start.Environment, limits);
        foreach (var (key, value) in launch.Environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var worker = new WorkerProcess(new Process { StartInfo = start });
        try
        {
            await worker.StartOnOwnThread();
        }
        catch
        {
            worker.Dispose();
            throw;
        }

        return worker;
    }

    /// <summary>Kills the whole process tree; nothing when it is gone already.</summary>
    public void Kill()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting as we kill it.
        }
    }

    /// <summary>Lets the starting thread end and releases the process object (kill it first if it must not outlive this).</summary>
    public void Dispose()
    {
        _release.TrySetResult();
        Process.Dispose();
    }

    /// <summary>The child's environment: nothing of the grader's but what the runtime needs, its limits, and what makes it compute as the grader does.</summary>
    private static void Configure(IDictionary<string, string?> environment, WorkerLimits limits)
    {
        var keep = new[] { "PATH", "DOTNET_ROOT", "LANG", "TMPDIR" };
        foreach (var key in environment.Keys.ToArray())
        {
            if (!keep.Contains(key, StringComparer.Ordinal))
            {
                environment.Remove(key);
            }
        }

        environment["HOME"] = Path.GetTempPath();
        foreach (var (key, value) in HostRuntime.Environment(limits))
        {
            environment[key] = value;
        }
    }

    /// <summary>Starts the process on a new thread that stays alive until <see cref="Dispose"/>; fails with whatever kept it from starting.</summary>
    private Task StartOnOwnThread()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = _release.Task;
        var process = Process;
        var thread = new Thread(() =>
        {
            try
            {
                process.Start();
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult();
            release.Wait();
        })
        {
            IsBackground = true,
            Name = "grader worker parent",
        };
        thread.Start();
        return started.Task;
    }
}
