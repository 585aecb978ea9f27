namespace Grader.Checks.Packs;

/// <summary>
/// One exercise family (diffusion, flows, …) as the side students receive declares it: the contracts a hand-in
/// implements, the checks bound to the sheets' task ids, and its folders. The course catalog joins the sheets' tasks with
/// every pack's bindings; <see cref="Catalog.CatalogValidator"/> holds the pack to its folders and its
/// <see cref="TutorPack"/>. Nothing here is secret: hidden checks appear only as their id, sheet reference and weight.
/// </summary>
/// <param name="Family">The family's name, as its folders spell it ("Diffusion").</param>
/// <param name="Contracts">The contract interfaces of the family, each with a reference, a template class and a correct implementation.</param>
/// <param name="Bindings">The checks of each task the family grades.</param>
/// <param name="Folders">Where its template, examples and visible snapshots live.</param>
public sealed record ExercisePack(string Family, IReadOnlyList<Type> Contracts, IReadOnlyList<TaskBinding> Bindings, PackFolders Folders)
{
    /// <summary>Every check the pack binds, once per id, in binding order.</summary>
    public IEnumerable<Catalog.CheckSpec> Checks => Bindings.SelectMany(b => b.Checks).DistinctBy(c => c.Check.Id);
}
