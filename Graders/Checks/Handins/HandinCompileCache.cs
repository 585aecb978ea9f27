using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Grader.Checks.Handins;

/// <summary>
/// A folder of hand-ins compiled before, so the self-check of a hand-in that did not change since its last run loads
/// the image instead of compiling it again (in a fresh test host, compiling is Roslyn's JIT: ≈ 2.3 s of CPU of the
/// ≈ 3.5 s the host takes). An entry is keyed by the SHA-256 of the compiler's identity
/// (<see cref="CompilerIdentity"/>: the grader's, Roslyn's and the framework's assemblies by their module version ids,
/// the contract assemblies, the allowlist's analyzers) and of every source file's path and text, so an entry is the
/// image this very compiler emitted for exactly these sources; the allowlist ran when it was written. Only a complete
/// compile is kept (success, no file left out, no error): anything else is compiled every time, as without a cache.
/// Reading never fails the caller: a missing, short or unreadable entry is a miss.
/// <para>
/// The folder holds what the grader wrote, so it lies outside the repository (<see cref="DefaultFolder"/>: the user's
/// local application data), where a committed file cannot reach a CI run.
/// </para>
/// </summary>
public sealed class HandinCompileCache
{
    /// <summary>How many entries the folder keeps (the newest; older ones are deleted when one is written).</summary>
    public const int Kept = 8;

    private const string Extension = ".handin";
    private static readonly byte[] Magic = "grader-handin-1\n"u8.ToArray();

    private readonly string _folder;
    private readonly Func<HandinSource, EmittedHandin> _emit;
    private readonly string _identity;

    /// <param name="folder">Where entries live (created when the first is written).</param>
    /// <param name="emit">The compiler, called on a miss.</param>
    /// <param name="identity">What else the key holds: the compiler's identity (<see cref="CompilerIdentity"/>).</param>
    public HandinCompileCache(string folder, Func<HandinSource, EmittedHandin> emit, string identity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(emit);
        ArgumentNullException.ThrowIfNull(identity);
        _folder = folder;
        _emit = emit;
        _identity = identity;
    }

    /// <summary>A cache of <paramref name="compiler"/>'s images in <paramref name="folder"/>.</summary>
    public static HandinCompileCache For(HandinCompiler compiler, string folder)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        return new HandinCompileCache(folder, compiler.Emit, CompilerIdentity(compiler));
    }

    /// <summary>The self-check's folder: <c>grader/compiled-handins</c> in the user's local application data; null when the system names none.</summary>
    public static string? DefaultFolder =>
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data
            ? Path.Combine(data, "grader", "compiled-handins")
            : null;

    /// <summary>
    /// What an image depends on besides the sources: the module version ids of the grader's checks (compile options,
    /// allowlist), of Roslyn, of the framework, the engine and every contract assembly, the framework's version and the
    /// number of analyzers. A rebuilt grader or another SDK gives another identity, so no entry of theirs is read.
    /// </summary>
    public static string CompilerIdentity(HandinCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        var assemblies = new[] { typeof(HandinCompiler).Assembly, typeof(CSharpCompilation).Assembly, typeof(object).Assembly, typeof(Tensor).Assembly, typeof(Grader.Contracts.Diffusion.NoiseSchedule).Assembly }
            .Concat(compiler.ContractAssemblies);
        return string.Join('\n', assemblies.Select(a => $"{a.GetName().Name} {a.ManifestModule.ModuleVersionId}")
            .Append(RuntimeInformation.FrameworkDescription)
            .Append($"analyzers {compiler.Analyzers.Count}"));
    }

    /// <summary>The image of <paramref name="source"/>: from the folder when this compiler emitted it before, else compiled (and kept when complete).</summary>
    public EmittedHandin Emit(HandinSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(_folder, Key(source) + Extension);
        if (Read(path) is { } hit)
        {
            return hit with { Result = hit.Result with { Elapsed = clock.Elapsed } };
        }

        var emitted = _emit(source);
        if (emitted is { Result: { Success: true, Errors.Count: 0, Excluded.Count: 0 }, Image: not null })
        {
            Write(path, emitted);
        }

        return emitted;
    }

    /// <summary>The entry's name: SHA-256 of the identity and of every file's path and text, each length-prefixed.</summary>
    private string Key(HandinSource source)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }

        Add(_identity);
        foreach (var file in source.Files)
        {
            Add(file.Path);
            Add(file.Text);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static EmittedHandin? Read(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var reader = new BinaryReader(File.OpenRead(path));
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                return null;
            }

            int warnings = reader.ReadInt32();
            var image = ReadBlock(reader);
            var symbols = ReadBlock(reader);
            if (warnings < 0 || image is not { Length: > 0 } || symbols is null || reader.BaseStream.Position != reader.BaseStream.Length)
            {
                return null;
            }

            return new EmittedHandin(new CompileResult(true, [], warnings, TimeSpan.Zero, null), image, symbols);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException)
        {
            return null;
        }
    }

    private static byte[]? ReadBlock(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            return null;
        }

        return reader.ReadBytes(length);
    }

    /// <summary>Writes the entry beside its place and moves it there (a reader never sees half of one), then deletes all but the <see cref="Kept"/> newest. A failure to write only loses the entry.</summary>
    private void Write(string path, EmittedHandin emitted)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(_folder);
            using (var writer = new BinaryWriter(File.Create(temporary)))
            {
                writer.Write(Magic);
                writer.Write(emitted.Result.WarningCount);
                writer.Write(emitted.Image!.Length);
                writer.Write(emitted.Image);
                var symbols = emitted.Symbols ?? [];
                writer.Write(symbols.Length);
                writer.Write(symbols);
            }

            File.Move(temporary, path, overwrite: true);
            foreach (var old in new DirectoryInfo(_folder).EnumerateFiles("*" + Extension).OrderByDescending(f => f.LastWriteTimeUtc).Skip(Kept))
            {
                old.Delete();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Left behind: a later write or the user may delete it; nothing reads *.tmp.
            }
        }
    }
}
