using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package) that keeps every message it accepts. It can
/// refuse addresses for good (550), answer "try later" (451) for a while, be slow, run a test's fault before
/// answering, or be stopped and started again, so tests see what the app does against a real server that misbehaves.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private CancellationTokenSource? _stop;

    public TestSmtpServer()
    {
        Port = NetworkAppFactory.FreePort();
    }

    public int Port { get; }

    /// <summary>Every message accepted, in arrival order, with when it arrived.</summary>
    public ConcurrentQueue<(MimeMessage Message, DateTimeOffset At)> Received { get; } = new();

    /// <summary>Addresses answered 550 (no such mailbox).</summary>
    public ConcurrentDictionary<string, bool> RefusedAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>While true, every message is answered 451 (try again later).</summary>
    public bool TemporarilyFailing { get; set; }

    /// <summary>How long the server takes over each message before it answers (a slow server).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Runs for each message the server keeps, before it answers OK (the client waits meanwhile): a test's fault at that moment.</summary>
    public Func<MimeMessage, Task>? BeforeAnswering { get; set; }

    /// <summary>How many times a message was answered with a refusal or a "try later".</summary>
    public int Refusals => _refusals;

    private int _refusals;

    public IEnumerable<MimeMessage> Messages => Received.Select(r => r.Message);

    /// <summary>The SMTP session (one per client connection) each accepted message came in on, by Message-ID.</summary>
    public ConcurrentQueue<(string? MessageId, Guid Session)> Sessions { get; } = new();

    /// <summary>Waits for a message to <paramref name="address"/> whose subject starts with <paramref name="subjectStartsWith"/> (any subject when null); the latest such.</summary>
    public Task<MimeMessage> ArrivesAsync(string address, string? subjectStartsWith = null, int timeoutSeconds = 30) =>
        ArrivesAsync(address, subject => subjectStartsWith is null || subject.StartsWith(subjectStartsWith, StringComparison.Ordinal), timeoutSeconds);

    /// <summary>Waits for a message to <paramref name="address"/> whose subject matches; the latest such.</summary>
    public async Task<MimeMessage> ArrivesAsync(string address, Func<string, bool> subject, int timeoutSeconds = 30)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)) && subject(m.Subject ?? string.Empty));
            return Task.FromResult(found is not null);
        }, timeoutSeconds);
        return found!;
    }

    /// <summary>The settings that point the app at this server.</summary>
    public IEnumerable<(string Key, string Value)> Settings =>
    [
        ("ConnectedCalifornia:Mail:Host", "127.0.0.1"),
        ("ConnectedCalifornia:Mail:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("ConnectedCalifornia:Mail:Security", "None"),
        ("ConnectedCalifornia:Mail:PollInterval", "00:00:00.500"),
    ];

    public TestSmtpServer Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        return this;
    }

    /// <summary>Stops listening (connections are refused), like a server that is down.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        _server.Shutdown();
        await _stop!.CancelAsync();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop?.Dispose();
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.Delay > TimeSpan.Zero)
            {
                await Task.Delay(owner.Delay, cancellationToken);
            }

            if (owner.TemporarilyFailing)
            {
                Interlocked.Increment(ref owner._refusals);
                return new SmtpResponse(SmtpReplyCode.MailboxUnavailable - 100, "Try again later");
            }

            if (transaction.To.Any(t => owner.RefusedAddresses.ContainsKey($"{t.User}@{t.Host}")))
            {
                Interlocked.Increment(ref owner._refusals);
                return SmtpResponse.MailboxUnavailable;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream);
            owner.Sessions.Enqueue((message.MessageId, context.SessionId));
            owner.Received.Enqueue((message, DateTimeOffset.UtcNow));
            if (owner.BeforeAnswering is { } hook)
            {
                await hook(message);
            }

            return SmtpResponse.Ok;
        }
    }
}
