using BenchmarkDotNet.Attributes;
using Grader.Checks.Catalog;
using Grader.Checks.Handins;
using Grader.Runner.Compile;

namespace Grader.Benchmarks.Compile;

/// <summary>
/// One hand-in (the diffusion correct example) compiled warm: in this process (how the grader compiled before the
/// compile box) and in a warm compile server (<see cref="CompileBox"/>: the source and the image cross a pipe). The
/// ratio is the compile box's overhead per hand-in.
/// </summary>
[MemoryDiagnoser]
public class CompileBenchmarks
{
    private HandinSource _source = null!;
    private HandinCompiler _compiler = null!;
    private IReadOnlyList<Type> _contracts = null!;
    private CompileBox _box = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = HandinSource.Load(FindCorrectExample());
        _contracts = CourseCatalog.Default.Packs.SelectMany(p => p.Contracts).ToArray();
        _compiler = HandinCompiler.Default.WithContracts(_contracts);
        _box = new CompileBox(CompileLimits.Default);
    }

    /// <summary>Submissions/Examples/Diffusion/Correct in the current folder or above, else above the program.</summary>
    private static string FindCorrectExample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "Submissions", "Examples", "Diffusion", "Correct");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new ArgumentException("no Submissions/Examples/Diffusion/Correct above the current folder; run from the repository");
    }

    [GlobalCleanup]
    public void Cleanup() => _box.Dispose();

    [Benchmark(Baseline = true, Description = "in process")]
    public byte[]? InProcess() => _compiler.Emit(_source).Image;

    [Benchmark(Description = "compile server")]
    public async Task<byte[]?> CompileServer() => (await _box.EmitAsync(_source, _contracts, CancellationToken.None)).Image;
}
