using ConnectedCalifornia.Hosting;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ConnectedCalifornia.Web.Notifications;

/// <summary>
/// How e-mail leaves the network (<c>ConnectedCalifornia:Mail</c>). With no <see cref="Host"/> every message
/// is written as an <c>.eml</c> file into <see cref="PickupDirectory"/> (default <c>&lt;DataDirectory&gt;/mail</c>),
/// so the embedded default needs no mail server. docs/notifications.md lists every setting.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "ConnectedCalifornia:Mail";

    /// <summary>The SMTP server (e.g. <c>smtp.sendgrid.net</c>); empty: write <c>.eml</c> files instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, Auto, StartTls (port 587) or SslOnConnect (port 465).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Connected California &lt;no-reply@connectedcalifornia.org&gt;</c>.</summary>
    public string From { get; set; } = "Connected California <no-reply@connectedcalifornia.example>";

    /// <summary>The address links in e-mails start with (e.g. <c>https://network.connectedcalifornia.org</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5196";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set; relative to the data directory.</summary>
    public string PickupDirectory { get; set; } = "mail";

    /// <summary>How often a node looks for work queued by other nodes (its own wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a node holds claimed work before another node may take it over. E-mails are taken for
    /// sending only in the first half of it; at least four times <see cref="SmtpTimeout"/>.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a message is tried before it is given up (the waits double from <see cref="RetryDelay"/> to 1 h).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>The wait before the first retry of a message the server did not take.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many SMTP connections a node sends on at once (each one authenticated once and kept open
    /// between rounds while there is mail). 1 sends one message after another.
    /// </summary>
    public int SmtpConnections { get; set; } = 4;

    /// <summary>How long the SMTP client waits for the server.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The hour (Pacific time) at which daily digests go out.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>How long the ids of delivered notifications are kept (so a late duplicate is still ignored).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The pickup directory as a full path.</summary>
    public string PickupDirectoryFullPath(NetworkHostingOptions hosting) =>
        Path.GetFullPath(Path.Combine(hosting.GetDataDirectoryFullPath(), PickupDirectory));

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The sender as a mailbox.</summary>
    public MailboxAddress Sender => MailboxAddress.Parse(From);
}

/// <summary>Refuses settings that would make e-mail fail later: a bad From address, port or base URL.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var errors = new List<string>();
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add($"{MailOptions.Section}:From is not an e-mail address ('{options.From}').");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{MailOptions.Section}:Port must be between 1 and 65535.");
        }

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{MailOptions.Section}:PublicBaseUrl must be the app's absolute http(s) address.");
        }

        if (options.MaxAttempts < 1 || options.PollInterval <= TimeSpan.Zero || options.Lease <= TimeSpan.Zero)
        {
            errors.Add($"{MailOptions.Section}: MaxAttempts, PollInterval and Lease must be positive.");
        }

        if (options.Lease < 4 * options.SmtpTimeout)
        {
            // A message is taken for sending only in the first half of a claim; the other half must leave
            // room for the last send (each exchange up to SmtpTimeout) and its mark before another node may claim it.
            errors.Add($"{MailOptions.Section}:Lease must be at least four times SmtpTimeout.");
        }

        if (options.SmtpConnections is < 1 or > 32)
        {
            errors.Add($"{MailOptions.Section}:SmtpConnections must be between 1 and 32.");
        }

        if (options.DigestHour is < 0 or > 23)
        {
            errors.Add($"{MailOptions.Section}:DigestHour must be an hour of the day (0-23).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
