using Grader.Checks.Catalog;

namespace Grader.Checks.Packs;

/// <summary>
/// The checks of one catalog task, as a pack binds them. The task's automatic points are split over the checks by
/// weight. A binding to a task id the catalog does not have is a validator error, never a silently ungraded task.
/// </summary>
/// <param name="TaskId">The catalog's task id, e.g. "004/3.4/negative-elbo".</param>
/// <param name="Contracts">The contracts the checks call: the template files a student of the task receives.</param>
/// <param name="Checks">The checks with weight and visibility.</param>
public sealed record TaskBinding(string TaskId, IReadOnlyList<Type> Contracts, IReadOnlyList<CheckSpec> Checks);
