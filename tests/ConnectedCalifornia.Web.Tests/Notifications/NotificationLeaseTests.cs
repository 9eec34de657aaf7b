using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// An app whose delivery claims work for 10 seconds only, on two SMTP connections, against a real loopback server.
/// (With 6 s and a 1.5 s SMTP timeout a loaded CI machine once timed a send out after the server had taken it: a
/// retry, not a second claim, and not what this test is about; 2.5 s leaves room for load.)
/// </summary>
public sealed class ShortLeaseAppFixture : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; } = new TestSmtpServer().Start();

    public SeededAppFixture App { get; } = new();

    public async Task InitializeAsync()
    {
        foreach (var (key, value) in Smtp.Settings)
        {
            App.Factory.WithSetting(key, value);
        }

        App.Factory.WithSetting("ConnectedCalifornia:Mail:Lease", "00:00:10")
            .WithSetting("ConnectedCalifornia:Mail:SmtpTimeout", "00:00:02.500")
            .WithSetting("ConnectedCalifornia:Mail:SmtpConnections", "2")
            .WithSetting("ConnectedCalifornia:Mail:RetryDelay", "00:00:01");
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// The claims on the mail queue against a slow server and a database that fails a sent mark: a message is
/// sent by one loop only, even when two loops (two nodes) claim from the same queue with a lease shorter
/// than the round takes; and a message whose sent mark did not commit is not sent again by the node that sent it,
/// and is stored as sent once the database is back.
/// </summary>
public sealed class NotificationLeaseTests(ShortLeaseAppFixture fixture) : IClassFixture<ShortLeaseAppFixture>
{
    private SeededAppFixture App => fixture.App;

    private TestSmtpServer Smtp => fixture.Smtp;

    [Fact]
    public async Task Notification_two_loops_and_a_slow_server_with_a_short_lease_deliver_every_message_once()
    {
        const int registrants = 60;
        var services = App.Factory.Services;
        var grains = services.GetRequiredService<IGrainFactory>();
        var delivery = services.GetRequiredService<NotificationDelivery>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var eventId = await TestEvents.CreatePublicAsync(host, $"Lease check {run}", DateTimeOffset.UtcNow.AddDays(10), TimeSpan.FromHours(2), capacity: 100);

        // A backlog, then two loops on it (this node's and a second one, as another node's would be):
        // 60 messages at 400 ms each on 2 connections take 12 s, longer than the 10 s lease.
        await delivery.StopAsync(CancellationToken.None);
        var second = ActivatorUtilities.CreateInstance<NotificationDelivery>(services);
        Smtp.Delay = TimeSpan.FromMilliseconds(400);
        try
        {
            for (var i = 0; i < registrants; i++)
            {
                Assert.True((await grains.GetGrain<IEventGrain>(eventId).Register(new RegistrationRequest(null, $"Registrant {i}", $"lease.{run}.{i}@example.org"), Actor.System)).Result.Succeeded);
            }

            await delivery.StartAsync(CancellationToken.None);
            await second.StartAsync(CancellationToken.None);

            bool Ours(MimeKit.MimeMessage m) => m.To.Mailboxes.First().Address.StartsWith($"lease.{run}.", StringComparison.Ordinal);
            await Eventually.TrueAsync(() => Task.FromResult(Smtp.Messages.Where(Ours).Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count() >= registrants), 60);

            // Past every lease of the round: a message claimed again would have gone out by now.
            await Task.Delay(TimeSpan.FromSeconds(11));

            // As stored: each sent. As received: each message once, unless the store shows it was tried again after
            // a failed attempt (a send that timed out on a loaded machine after the server had taken it goes again with
            // the same Message-ID: SMTP cannot tell). A message claimed by both loops would be received twice with a
            // single attempt: that is what must never happen.
            var mails = await services.GetRequiredService<NotificationStore>().ReadMailsAsync($"event:{eventId}:");
            Assert.Equal(registrants, mails.Count);
            Assert.All(mails, m => Assert.Equal(MailStatus.Sent, m.Status));
            var received = Smtp.Messages.Where(Ours).GroupBy(m => m.MessageId ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            Assert.Equal(registrants, received.Count);
            var twiceInOneAttempt = mails.Where(m => received[m.MessageId] > m.Attempts).Select(m => $"{m.MessageId}: received {received[m.MessageId]}, attempts {m.Attempts}").ToList();
            Assert.True(twiceInOneAttempt.Count == 0, "sent more often than tried: " + string.Join("; ", twiceInOneAttempt));
        }
        finally
        {
            Smtp.Delay = TimeSpan.Zero;
            await second.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Notification_whose_sent_mark_fails_to_commit_is_not_sent_again_and_is_stored_as_sent_when_the_database_is_back()
    {
        var services = App.Factory.Services;
        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var eventId = await TestEvents.CreatePublicAsync(host, $"Mark check {Guid.NewGuid():N}"[..20], DateTimeOffset.UtcNow.AddDays(10), TimeSpan.FromHours(2), capacity: 10);
        var address = $"marked.{Guid.NewGuid():N}@example.org";

        // The moment the server has the message, and before it answers, the mail queue's table goes away:
        // the app's sent mark cannot commit.
        var away = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Smtp.BeforeAnswering = async message =>
        {
            if (message.To.Mailboxes.Any(b => b.Address == address) && !away.Task.IsCompleted)
            {
                await ExecuteAsync("ALTER TABLE cc_mail_message RENAME TO cc_mail_message_away");
                away.TrySetResult();
            }
        };
        try
        {
            await PublicRegistration.RegisterAsync(services, App.Factory.CreateBrowserLikeClient(), eventId, "Marta Mark", address, confirm: false);
            await away.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Away for longer than the lease: had the claim simply run out, the message would be claimed and sent again.
            await Task.Delay(TimeSpan.FromSeconds(11));
        }
        finally
        {
            Smtp.BeforeAnswering = null;
            if (away.Task.IsCompleted)
            {
                await ExecuteAsync("ALTER TABLE cc_mail_message_away RENAME TO cc_mail_message");
            }
        }

        var store = services.GetRequiredService<NotificationStore>();
        await Eventually.TrueAsync(async () => (await store.ReadMailsAsync($"event:{eventId}:")).Any(m => m.Status == MailStatus.Sent), 20);
        await Task.Delay(TimeSpan.FromSeconds(11));
        var mail = Assert.Single(await store.ReadMailsAsync($"event:{eventId}:"));
        Assert.Equal((address, MailStatus.Sent), (mail.ToAddress, mail.Status));
        Assert.Single(Smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == address));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await App.Factory.Services.GetRequiredService<NetworkDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
