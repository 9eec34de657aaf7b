using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// Many messages at once through the real pipeline to a real SMTP server on loopback: the delivery loop
/// sends them over several connections (<c>Mail:SmtpConnections</c>, default 4) and every one arrives
/// exactly once, with every e-mail stored as sent after one attempt.
/// </summary>
public sealed class NotificationConnectionsTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    private const int Registrants = 80;

    private SeededAppFixture App => fixture.App;

    [Fact]
    public async Task Notification_many_messages_go_out_over_several_smtp_connections_none_lost_none_twice()
    {
        var services = App.Factory.Services;
        var grains = services.GetRequiredService<IGrainFactory>();
        var delivery = services.GetRequiredService<NotificationDelivery>();
        var run = Guid.NewGuid().ToString("N")[..8];
        var eventIds = new List<string>();
        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        for (var i = 0; i < 4; i++)
        {
            eventIds.Add(await TestEvents.CreatePublicAsync(host, $"Outreach training {run} {i}", DateTimeOffset.UtcNow.AddDays(10), TimeSpan.FromHours(2), capacity: 100));
        }

        // A backlog: the node's loop is stopped while the registrations (real commands, several at once) write their notifications.
        await delivery.StopAsync(CancellationToken.None);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Registrants), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var result = await grains.GetGrain<IEventGrain>(eventIds[i % eventIds.Count])
                    .Register(new RegistrationRequest(null, $"Registrant {i}", $"many.{run}.{i}@example.org"), Actor.System);
                Assert.True(result.Result.Succeeded);
            });
        }
        finally
        {
            await delivery.StartAsync(CancellationToken.None);
        }

        bool Ours(string address) => address.StartsWith($"many.{run}.", StringComparison.Ordinal);
        await Eventually.TrueAsync(
            () => Task.FromResult(fixture.Smtp.Messages.Count(m => Ours(m.To.Mailboxes.First().Address)) >= Registrants), 60);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var received = fixture.Smtp.Messages.Where(m => Ours(m.To.Mailboxes.First().Address)).ToList();
        Assert.Equal(Registrants, received.Count);
        Assert.Equal(Registrants, received.Select(m => m.To.Mailboxes.First().Address).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(Registrants, received.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(received, m => Assert.StartsWith("Confirm your registration: Outreach training", m.Subject, StringComparison.Ordinal));

        // Over several connections at once.
        var ids = received.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        var sessions = fixture.Smtp.Sessions.Where(s => s.MessageId is not null && ids.Contains(s.MessageId)).Select(s => s.Session).Distinct().Count();
        Assert.True(sessions > 1, $"the messages came over {sessions} connection(s)");
        Assert.True(sessions <= services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MailOptions>>().Value.SmtpConnections * 4, $"{sessions} connections: they are kept open between rounds");

        // As stored: each sent once, after one attempt.
        var store = services.GetRequiredService<NotificationStore>();
        foreach (var eventId in eventIds)
        {
            var mails = await store.ReadMailsAsync($"event:{eventId}:");
            Assert.Equal(Registrants / eventIds.Count, mails.Count);
            Assert.All(mails, m => Assert.Equal((MailStatus.Sent, 1), (m.Status, m.Attempts)));
        }
    }
}
