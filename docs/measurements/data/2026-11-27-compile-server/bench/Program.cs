// Compiles the bundled hand-ins the way the compile server does, in one warm process, and splits a compile's CPU.
// usage: bench <handins-folder> <mode> [rounds]
//   whole:    HandinCompiler.Default.Emit of each hand-in (as the server), CPU per round
//   phases:   parse / create / emit / analyzers, each timed (process CPU), as HandinCompiler.CompileOnce does them
//   variants: emit variants side by side (alternating), checking the image bytes equal the current way's
using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Grader.Checks.Handins;
using Grader.Checks.Handins.Allowlist;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

var folder = args[0];
var mode = args[1];
int rounds = args.Length > 2 ? int.Parse(args[2]) : 2;
var sources = Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
    .Select(d => { try { return HandinSource.FromFolder(d); } catch (HandinSourceException) { return null; } })
    .Where(s => s is not null).Select(s => s!).ToList();
Console.WriteLine($"{sources.Count} hand-ins, mode {mode}, TC={Environment.GetEnvironmentVariable("DOTNET_TieredCompilation")} R2R={Environment.GetEnvironmentVariable("DOTNET_ReadyToRun")}");
var proc = Process.GetCurrentProcess();
double Cpu() { proc.Refresh(); return proc.TotalProcessorTime.TotalSeconds; }

var compiler = HandinCompiler.Default;
var refs = compiler.References.ToImmutableArray();
var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
CSharpCompilationOptions Options(bool concurrent) => new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false,
        deterministic: true, concurrentBuild: concurrent)
    .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
var usingsText = string.Concat(HandinCompiler.ImplicitUsings.Select(u => $"global using global::{u};\n"));
List<SyntaxTree> Parse(HandinSource s) => s.Files.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), parse, f.Path)).ToList();
SyntaxTree Usings() => CSharpSyntaxTree.ParseText(SourceText.From(usingsText, Encoding.UTF8), parse, HandinCompiler.ImplicitUsingsFile);
var analyzers = ApiAllowlist.Default.Analyzers.ToArray();

if (mode == "whole")
{
    for (int r = 0; r < rounds; r++)
    {
        var c0 = Cpu(); var w = Stopwatch.StartNew(); int ok = 0;
        foreach (var s in sources) ok += compiler.Emit(s).Result.Success ? 1 : 0;
        Console.WriteLine($"round {r}: {Cpu() - c0:F2} s CPU, {w.Elapsed.TotalSeconds:F2} s wall, {ok} compiled, {(Cpu() - c0) / sources.Count:F4} s a hand-in");
    }
    Console.WriteLine($"process CPU {Cpu():F2}");
    return;
}

if (mode == "phases")
{
    bool concurrent = args.Length > 3 ? bool.Parse(args[3]) : true;
    var baseComp = CSharpCompilation.Create(HandinCompiler.AssemblyName, [Usings()], refs, Options(concurrent));
    for (int r = 0; r < rounds; r++)
    {
        double tParse = 0, tDecl = 0, tEmit = 0, tAn = 0, tNoPdb = 0, t0;
        foreach (var s in sources)
        {
            t0 = Cpu(); var trees = Parse(s); var all = trees.Append(Usings()).ToList(); tParse += Cpu() - t0;
            t0 = Cpu(); var comp = CSharpCompilation.Create(HandinCompiler.AssemblyName, all, refs, Options(concurrent));
            comp.GetDeclarationDiagnostics(); tDecl += Cpu() - t0;
            t0 = Cpu();
            using (var pe = new MemoryStream()) using (var pdb = new MemoryStream())
                comp.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            tEmit += Cpu() - t0;
            t0 = Cpu();
            foreach (var a in analyzers) foreach (var t in trees) a(t, comp.GetSemanticModel(t, SemanticModelOptions.DisableNullableAnalysis)).ToList();
            tAn += Cpu() - t0;
        }
        int n = sources.Count;
        Console.WriteLine($"round {r} (concurrent {concurrent}): parse {tParse / n:F4}  create+declare {tDecl / n:F4}  emit(+pdb, binding) {tEmit / n:F4}  analyzers {tAn / n:F4}  s a hand-in");
    }
    Console.WriteLine($"process CPU {Cpu():F2}");
    return;
}

if (mode == "variants")
{
    // each variant: full per-hand-in compile as CompileOnce: parse, create, emit, analyzers
    byte[] Run(HandinSource s, string v, CSharpCompilation baseC, CSharpCompilation baseSeq)
    {
        var trees = Parse(s);
        CSharpCompilation comp = v switch
        {
            "shared" => baseC.AddSyntaxTrees(trees.Append(Usings())),
            "seqshared" => baseSeq.AddSyntaxTrees(trees.Append(Usings())),
            _ => CSharpCompilation.Create(HandinCompiler.AssemblyName, trees.Append(Usings()), refs, Options(!v.StartsWith("seq"))),
        };
        using var pe = new MemoryStream(); using var pdb = new MemoryStream();
        if (v is "nopdb" or "seqnopdb") comp.Emit(pe);
        else comp.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        foreach (var a in analyzers) foreach (var t in trees) a(t, comp.GetSemanticModel(t, SemanticModelOptions.DisableNullableAnalysis)).ToList();
        return pe.ToArray();
    }
    var variants = args.Skip(3).ToArray();
    if (variants.Length == 0) variants = ["now", "shared", "seq", "nopdb"];
    var baseC = CSharpCompilation.Create(HandinCompiler.AssemblyName, [], refs, Options(true));
    var baseSeq = CSharpCompilation.Create(HandinCompiler.AssemblyName, [], refs, Options(false));
    var totals = variants.ToDictionary(v => v, _ => 0.0);
    var reference = sources.ToDictionary(s => s.Name, s => Run(s, "now", baseC, baseSeq));
    for (int r = 0; r < rounds; r++)
    {
        var order = r % 2 == 0 ? variants : variants.Reverse().ToArray();
        foreach (var v in order)
        {
            var t0 = Cpu(); int diff = 0;
            foreach (var s in sources) { var img = Run(s, v, baseC, baseSeq); if (!img.AsSpan().SequenceEqual(reference[s.Name])) diff++; }
            var dt = Cpu() - t0;
            if (r > 0) totals[v] += dt;
            Console.WriteLine($"round {r} {v}: {dt:F2} s CPU, {dt / sources.Count:F4} s a hand-in, images differing from 'now': {diff}");
        }
    }
    foreach (var v in variants) Console.WriteLine($"total (rounds 1..) {v}: {totals[v]:F2} s, {totals[v] / (sources.Count * (rounds - 1)):F4} s a hand-in");
    return;
}
