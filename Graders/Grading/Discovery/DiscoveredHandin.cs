namespace Grader.Grading.Discovery;

/// <summary>One hand-in found in the folder of hand-ins, read and ready to compile.</summary>
/// <param name="Student">The student: the folder's name, or the zip's name without <c>.zip</c>. Safe as a folder name (see <see cref="StudentName"/>).</param>
/// <param name="Path">The full path of the hand-in's folder or zip.</param>
/// <param name="Source">Its <c>.cs</c> files, in ordinal order of their paths (a single top folder common to all files is stripped).</param>
/// <param name="ContentHash">
/// The lower-case hex SHA-256 of <paramref name="Source"/> (see <see cref="HandinContentHash"/>): the same for the same
/// files whether they came from a folder or a zip.
/// </param>
public sealed record DiscoveredHandin(string Student, string Path, HandinSource Source, string ContentHash)
{
    /// <summary>The written report it carried (<c>Report/</c>); null when none. It never changes <see cref="ContentHash"/>, which is the code's.</summary>
    public DiscoveredReport? Report { get; init; }
}
