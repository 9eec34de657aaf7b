using System.Collections.Immutable;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text.Json;
using ConnectedCalifornia.Web.Notifications;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Directory.Hsds;

/// <summary>
/// The HSDS export of one version of the directory, serialized once: every request for the same
/// version gets the same bytes and the same ETag, and a burst of exports does the work once instead
/// of once per request. Links in the export start with the app's configured public address
/// (<see cref="HsdsExporter.BaseUriOf"/>), never with the Host a request named, so one build serves
/// every host name. Only one export is built at a time; a build asked for while another runs waits
/// for it, and is skipped when a newer version was asked for meanwhile. The bytes are kept in 64 kB
/// pieces (no array of a hundred megabytes to allocate, grow and copy) and sent piece by piece, so a
/// response never buffers more than the server's own small write buffer however slowly it is read.
/// </summary>
public sealed class HsdsExportCache(IOptions<MailOptions> mail)
{
    /// <summary>Size of one piece: under the runtime's large-object threshold (85,000 bytes).</summary>
    public const int ChunkSize = 64 * 1024;

    private readonly Lock _gate = new();

    /// <summary>The newest version of the directory asked for so far, the snapshot its export is built from, and that export.</summary>
    private DirectorySnapshot? _snapshot;
    private DirectoryVersion _version;
    private Task<Export>? _export;

    /// <summary>The build running now or last (builds run one after another).</summary>
    private Task _building = Task.CompletedTask;
    private long _builds;

    /// <summary>How many exports this node has started to build (a burst of requests for one version builds one).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>The export's bytes (in pieces), its length and its entity tag (a hash of the bytes, quoted).</summary>
    public sealed record Export(ImmutableArray<ReadOnlyMemory<byte>> Chunks, long Length, string ETag)
    {
        /// <summary>Writes the pieces in order, each one waiting until the connection took the one before.</summary>
        public async Task WriteToAsync(PipeWriter body, CancellationToken cancellationToken)
        {
            foreach (var chunk in Chunks)
            {
                var flushed = await body.WriteAsync(chunk, cancellationToken);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// The export of <paramref name="snapshot"/>'s version of the directory, or of a newer one this cache
    /// already holds, built now if it is not yet (callers take their turn of the export gate first).
    /// Requests that read the directory at the same version share one build even when each has its own
    /// snapshot object; a request that read it just before a change (an older version) gets the newer
    /// export instead of making the cache go back and build the older one again.
    /// </summary>
    public Task<Export> GetAsync(DirectorySnapshot snapshot)
    {
        lock (_gate)
        {
            Hold(snapshot);
            if (_export is { IsFaulted: false, IsCanceled: false } export)
            {
                return export;
            }

            return _export = BuildAsync(_snapshot!, _version, _building);
        }
    }

    /// <summary>
    /// The export of <paramref name="snapshot"/>'s version (or a newer one) if it is built already, else
    /// null; never starts a build. A client revalidating its copy is answered from this without a turn.
    /// </summary>
    public Export? Built(DirectorySnapshot snapshot)
    {
        lock (_gate)
        {
            if (_snapshot is null || DirectoryVersion.Of(snapshot).IsNewerThan(_version))
            {
                return null;
            }

            return _export is { IsCompletedSuccessfully: true } export ? export.Result : null;
        }
    }

    /// <summary>Takes the snapshot's version when it is newer than the one held (its export is then to be built).</summary>
    private void Hold(DirectorySnapshot snapshot)
    {
        var version = DirectoryVersion.Of(snapshot);
        if (_snapshot is null || version.IsNewerThan(_version))
        {
            _snapshot = snapshot;
            _version = version;
            _export = null;
        }

        // Same, older or (rarely) neither older nor newer: keep the held version; the next snapshot
        // anybody takes is newer than both and replaces it.
    }

    /// <summary>Builds the export of one version after the build before it finished, unless a newer version was asked for meanwhile.</summary>
    private async Task<Export> BuildAsync(DirectorySnapshot snapshot, DirectoryVersion version, Task previous)
    {
        // Always continues on the pool (never inside the caller's lock), whatever became of the build before.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        Task<Export> build;
        lock (_gate)
        {
            if (_version != version && _export is { } newer)
            {
                build = newer;
            }
            else
            {
                // Seconds of CPU for a large directory: on a thread of its own, so no pool thread that
                // serves requests (readiness among them) is taken for that long.
                // A build that fails is the faulted export of its version: the next request builds it again.
                Interlocked.Increment(ref _builds);
                build = Task.Factory.StartNew(() => Build(snapshot, HsdsExporter.BaseUriOf(mail.Value)), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                _building = build;
            }
        }

        return await build;
    }

    private static Export Build(DirectorySnapshot snapshot, string baseUri)
    {
        using var pieces = new ChunkStream();
        JsonSerializer.Serialize(pieces, HsdsExporter.Export(snapshot.Documents, baseUri, snapshot.Taxonomy), HsdsJson.Options);
        var (chunks, length, hash) = pieces.Complete();
        return new Export(chunks, length, "\"" + Convert.ToHexString(hash, 0, 16) + "\"");
    }

    /// <summary>A write-only stream that keeps what it is given as 64 kB pieces and hashes it on the way.</summary>
    private sealed class ChunkStream : Stream
    {
        private readonly ImmutableArray<ReadOnlyMemory<byte>>.Builder _chunks = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _current = new byte[ChunkSize];
        private int _used;
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
            while (!buffer.IsEmpty)
            {
                if (_used == _current.Length)
                {
                    _chunks.Add(_current);
                    _current = new byte[ChunkSize];
                    _used = 0;
                }

                var take = Math.Min(buffer.Length, _current.Length - _used);
                buffer[..take].CopyTo(_current.AsSpan(_used));
                _used += take;
                buffer = buffer[take..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public (ImmutableArray<ReadOnlyMemory<byte>> Chunks, long Length, byte[] Hash) Complete()
        {
            if (_used > 0)
            {
                _chunks.Add(_current.AsMemory(0, _used));
            }

            return (_chunks.ToImmutable(), _length, _hash.GetHashAndReset());
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
