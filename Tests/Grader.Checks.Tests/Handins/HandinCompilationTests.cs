using System.Globalization;
using Grader.Checks.Tests.Handins.Allowlist;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Grader.Checks.Tests.Handins;

/// <summary>
/// <see cref="HandinCompiler"/> makes each hand-in's compilation by adding its trees to one compilation of no source
/// (the references bound once). That may not change what
/// a hand-in compiles to: for the Correct and adversarial example hand-ins (<see cref="Corpus"/>), the
/// compilation <see cref="HandinCompiler.CompilationOf"/> makes and one made from scratch the way it was made before
/// (<see cref="CSharpCompilation.Create(string?, IEnumerable{SyntaxTree}?, IEnumerable{MetadataReference}?, CSharpCompilationOptions?)"/>
/// with the same trees) emit the same diagnostics in the same order, and, when they compile,
/// the same image and portable PDB, byte for byte.
/// </summary>
public sealed class HandinCompilationTests
{
    /// <summary>
    /// The 7 families' Correct hand-ins (each compiles: image and PDB) and the adversarial ones (refusals, compile
    /// errors: the diagnostics), not the ≈ 240 mutants, cheats and variants, which are a Correct with files laid over it
    /// and take the same path (all 299 took ≈ 1.5 min of the suite's slower lane; stop 61).
    /// </summary>
    private static IEnumerable<TestCaseData> Corpus() => AllowlistModelEquivalenceTests.Corpus()
        .Where(c => c.Arguments[0] is string relative
            && (relative.EndsWith("/Correct", StringComparison.Ordinal) || relative.StartsWith("Adversarial/", StringComparison.Ordinal)));

    [TestCaseSource(nameof(Corpus))]
    public void The_shared_compilation_emits_what_a_fresh_one_emits(string relative)
    {
        var source = AllowlistModelEquivalenceTests.Load(relative);
        if (SourceShapeLimits.Check(source).Count > 0)
        {
            return; // refused before the compiler: no compilation of it is ever made (AllowlistModelEquivalenceTests checks the refusal)
        }

        var (compilation, trees) = HandinCompiler.Default.CompilationOf(source.Files);
        // As before: the hand-in's files in their order, then the implicit usings (the order decides the image's bytes).
        var usings = compilation.SyntaxTrees.Single(t => t.FilePath == HandinCompiler.ImplicitUsingsFile);
        var fresh = CSharpCompilation.Create(HandinCompiler.AssemblyName, [.. trees, usings], HandinCompiler.Default.References,
            compilation.Options);

        var (ours, ourImage, ourPdb) = Emitted(compilation);
        var (theirs, theirImage, theirPdb) = Emitted(fresh);

        ours.Should().Equal(theirs, $"{relative} must get the same diagnostics");
        ourImage.Should().Equal(theirImage, $"{relative} must compile to the same image");
        ourPdb.Should().Equal(theirPdb, $"{relative} must get the same symbols");
        TestContext.Out.WriteLine($"{relative}: {ours.Length} diagnostics, image {ourImage.Length} bytes, the same both ways");
    }

    private static (string[] Diagnostics, byte[] Image, byte[] Pdb) Emitted(Compilation compilation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        var diagnostics = result.Diagnostics
            .Select(d => $"{d.Id} {d.Severity} {d.Location.GetMappedLineSpan()} {d.GetMessage(CultureInfo.InvariantCulture)}")
            .ToArray();
        return (diagnostics, result.Success ? pe.ToArray() : [], result.Success ? pdb.ToArray() : []);
    }
}
