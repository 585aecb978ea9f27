namespace Grader.Checks.Catalog;

/// <summary>One defect of a catalog, as <see cref="CatalogValidator"/> reports it.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Subject">The sheet, task, check, contract or pack it is about.</param>
/// <param name="Message">One sentence that names the task, check or contract and the numbers involved.</param>
public sealed record CatalogProblem(CatalogProblemKind Kind, string Subject, string Message)
{
    public override string ToString() => $"{Subject}: {Message} ({Kind})";
}
