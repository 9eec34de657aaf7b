using ConnectedCalifornia.Hosting;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>The answer of a transport for one message.</summary>
public enum MailOutcome
{
    Sent,

    /// <summary>Not now (server down, busy, timed out, 4xx): try again later.</summary>
    TryLater,

    /// <summary>Never (5xx for the address or the message): mark it and do not retry.</summary>
    Refused,
}

/// <summary>Hands finished messages to the outside world.</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>Sends one message; never throws for a delivery failure, which it answers instead (with a reason fit for logs: no content).</summary>
    Task<(MailOutcome Outcome, string? Reason)> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Real SMTP with MailKit: one connection, opened (and authenticated) on first use and reused for every
/// message after, across the delivery loop's rounds; a failure closes it, so the next message reconnects.
/// A connection that sat idle is checked with NOOP before a message goes on it (the server may have
/// dropped it), so a stale connection costs a reconnect, not a retry delay.
/// </summary>
public sealed class SmtpMailTransport(MailOptions options) : IMailTransport
{
    /// <summary>Idle longer than this, a kept connection is checked before use.</summary>
    private static readonly TimeSpan CheckAfterIdle = TimeSpan.FromSeconds(5);

    private readonly SmtpClient _client = new() { Timeout = (int)options.SmtpTimeout.TotalMilliseconds };
    private long _lastUsed = Environment.TickCount64;

    public async Task<(MailOutcome Outcome, string? Reason)> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (_client.IsConnected && Environment.TickCount64 - _lastUsed > CheckAfterIdle.TotalMilliseconds)
            {
                try
                {
                    await _client.NoOpAsync(cancellationToken);
                }
                catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException
                    or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    await DisconnectQuietlyAsync();
                }
            }

            if (!_client.IsConnected)
            {
                // SMTP is a conversation of small commands and replies: without TCP_NODELAY each exchange
                // can wait for a delayed ACK (about 40 ms on Linux), which caps a connection at ~20 messages/s.
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    using var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    connecting.CancelAfter(options.SmtpTimeout);
                    await socket.ConnectAsync(options.Host!, options.Port, connecting.Token);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                await _client.ConnectAsync(socket, options.Host!, options.Port, options.Security, cancellationToken);
                if (!string.IsNullOrEmpty(options.UserName))
                {
                    await _client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
                }
            }

            await _client.SendAsync(message, cancellationToken);
            _lastUsed = Environment.TickCount64;
            return (MailOutcome.Sent, null);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            // The server refused the address or the message for good (e.g. 550 no such mailbox). The
            // connection stays usable for the next message.
            _lastUsed = Environment.TickCount64;
            return (MailOutcome.Refused, $"{(int)refused.StatusCode} {refused.ErrorCode}");
        }
        catch (Exception exception) when (exception is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or MailKit.Security.AuthenticationException or IOException or System.Net.Sockets.SocketException or TimeoutException
            or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await DisconnectQuietlyAsync();
            return (MailOutcome.TryLater, exception is SmtpCommandException command ? $"{(int)command.StatusCode} {command.ErrorCode}" : exception.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectQuietlyAsync();
        _client.Dispose();
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception exception) when (exception is IOException or SmtpProtocolException or TimeoutException or System.Net.Sockets.SocketException or ServiceNotConnectedException)
        {
            // Already gone.
        }
    }
}

/// <summary>
/// The embedded default: each message becomes an RFC 5322 <c>.eml</c> file in the pickup directory (any
/// mail client opens it). Written under a temporary name and renamed, so a reader never sees half a file;
/// named by the Message-ID, so a message written twice is one file.
/// </summary>
public sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public async Task<(MailOutcome Outcome, string? Reason)> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var name = FileNameOf(message.MessageId ?? Guid.NewGuid().ToString("N"));
            var path = Path.Combine(directory, name + ".eml");
            var temporary = Path.Combine(directory, name + ".tmp");
            await using (var file = File.Create(temporary))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            return (MailOutcome.Sent, null);
        }
        catch (IOException exception)
        {
            return (MailOutcome.TryLater, exception.GetType().Name);
        }
        catch (UnauthorizedAccessException exception)
        {
            return (MailOutcome.TryLater, exception.GetType().Name);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A file name from a Message-ID: its characters that are safe in file names.</summary>
    public static string FileNameOf(string messageId) =>
        new([.. messageId.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')]);
}

/// <summary>Opens the transport the settings ask for.</summary>
public sealed class MailTransportFactory(IOptions<MailOptions> options, IOptions<NetworkHostingOptions> hosting)
{
    public IMailTransport Open() => options.Value.UsesSmtp
        ? new SmtpMailTransport(options.Value)
        : new PickupDirectoryTransport(options.Value.PickupDirectoryFullPath(hosting.Value));
}
