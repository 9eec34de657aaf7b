using System.Security.Cryptography;
using System.Text.Json;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// The HSDS export of one version of the directory, serialized once: every request for the same
/// version (and address the links are made for) gets the same bytes and the same ETag, and a burst of
/// exports does the work once instead of once per request.
/// </summary>
public sealed class HsdsExportCache
{
    private readonly Lock _gate = new();
    private Entry? _entry;

    /// <summary>The export's bytes and its entity tag (a hash of the bytes, quoted).</summary>
    public sealed record Export(byte[] Body, string ETag);

    public Task<Export> GetAsync(DirectorySnapshot snapshot, string baseUri)
    {
        lock (_gate)
        {
            if (_entry is { } entry && ReferenceEquals(entry.Snapshot, snapshot) && entry.BaseUri == baseUri)
            {
                return entry.Export;
            }

            var build = Task.Run(() => Build(snapshot, baseUri));
            _entry = new Entry(snapshot, baseUri, build);
            return build;
        }
    }

    private static Export Build(DirectorySnapshot snapshot, string baseUri)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(HsdsExporter.Export(snapshot.Documents, baseUri, snapshot.Taxonomy), HsdsJson.Options);
        return new Export(body, "\"" + Convert.ToHexString(SHA256.HashData(body), 0, 16) + "\"");
    }

    private sealed record Entry(DirectorySnapshot Snapshot, string BaseUri, Task<Export> Export);
}
