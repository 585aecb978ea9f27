using System.Diagnostics;
using System.Runtime.Loader;

namespace Grader.Remote.Handins;

/// <summary>
/// Where in a hand-in's own code an exception came from: the innermost stack frame of an assembly compiled by
/// <see cref="HandinCompiler"/>, with the file (relative to the hand-in folder) and line from the in-memory PDB.
/// Checks that catch a hand-in's exception themselves can add this to their message.
/// </summary>
public static class HandinTrace
{
    /// <summary>"Diffusion/DtuDdpm.cs:12, in DtuDdpm.NegativeElbo" (or "in DtuDdpm.NegativeElbo" without line info); null when no frame is the hand-in's.</summary>
    public static string? Locate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var frame in new StackTrace(exception, fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod() is not { } method || AssemblyLoadContext.GetLoadContext(method.Module.Assembly) is not HandinLoadContext)
            {
                continue;
            }

            var name = $"{method.DeclaringType?.Name}.{method.Name}";
            return frame.GetFileName() is { Length: > 0 } file && frame.GetFileLineNumber() > 0
                ? $"{file}:{frame.GetFileLineNumber()}, in {name}"
                : $"in {name}";
        }

        return null;
    }
}
