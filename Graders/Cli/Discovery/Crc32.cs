namespace Grader.Cli.Discovery;

/// <summary>
/// CRC-32 (IEEE 802.3, the zip format's checksum). <see cref="System.IO.Compression.ZipArchive"/> does not check it,
/// and it stops reading an entry at the size its header declares, so a corrupt entry or one whose header lies about its
/// size would be read silently; comparing the checksum catches both.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    public static uint Of(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
