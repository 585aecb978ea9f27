namespace Grader.Worker.Compile;

/// <summary>One hand-in to compile, as the grader sends it to a compile server.</summary>
/// <param name="Name">The hand-in's name (its assembly's load-context name).</param>
/// <param name="Files">Its source files.</param>
/// <param name="ContractAssemblies">Paths of contract assemblies beyond Grader.Contracts to compile against (a test pack's).</param>
public sealed record CompileRequest(string Name, IReadOnlyList<HandinFile> Files, IReadOnlyList<string> ContractAssemblies);
