namespace Grader.Grading.Discovery;

/// <summary>One <c>.cs</c> file of a hand-in, not yet read.</summary>
/// <param name="Path">Its path in the hand-in's folder or zip, '/' separated.</param>
/// <param name="Display">How messages name it, e.g. "'alice/Foo.cs'" or "'Foo.cs' in 'alice.zip'".</param>
/// <param name="DeclaredSize">Its size on disk, or the decompressed size its zip header declares (checked, not trusted).</param>
/// <param name="Open">Opens its (decompressed) bytes.</param>
/// <param name="Crc32">The CRC-32 its zip header gives (checked after reading); null for a file of a folder.</param>
internal sealed record RawSource(string Path, string Display, long DeclaredSize, Func<Stream> Open, uint? Crc32 = null);
