using System.Collections.Immutable;
using Grader.Checks.Handins.Allowlist;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Grader.HandinAnalyzer;

/// <summary>
/// The grader's API allowlist (<see cref="ApiAllowlist.Default"/>, enforced by <see cref="AllowlistAnalyzer"/>) as a
/// Roslyn analyzer: the student repository's <c>Handin</c> project runs it, so <c>dotnet build</c> and an editor report
/// GRADER001 (an API hand-ins may not use), GRADER002 (a language feature they may not use) and GRADER005 (state the
/// trained model keeps outside its parameters, <see cref="PurityAnalyzer"/>) on the line where the grader would, with
/// the grader's message. The grader's own compile stays authoritative; this only shows it earlier.
/// Generated files (the SDK's assembly attributes and global usings) are not the student's and are not analysed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AllowlistDiagnosticAnalyzer : DiagnosticAnalyzer
{
    private static readonly AllowlistAnalyzer Rules = new(ApiAllowlist.Default);
    private static readonly PurityAnalyzer Purity = new();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(AllowlistAnalyzer.ApiRule, AllowlistAnalyzer.FeatureRule, PurityAnalyzer.Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(analysis =>
        {
            foreach (var diagnostic in Rules.Analyze(analysis.SemanticModel.SyntaxTree, analysis.SemanticModel)
                         .Concat(Purity.Analyze(analysis.SemanticModel.SyntaxTree, analysis.SemanticModel)))
            {
                analysis.ReportDiagnostic(diagnostic);
            }
        });
    }
}
