using System.Net;
using System.Net.Http.Json;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// The embedded default writes e-mail as .eml files; in Development /dev/mail lists them and shows one,
/// and anywhere else the page does not exist.
/// </summary>
public sealed class DevMailNotificationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    [Fact]
    public async Task Notification_dev_mail_page_lists_the_written_eml_files_and_shows_one_in_development()
    {
        var (host, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var eventId = await TestEvents.CreatePublicAsync(host, "Dev mail check: intake basics", DateTimeOffset.UtcNow.AddDays(20), TimeSpan.FromHours(1), capacity: 10, "12 Orchard Road, Fresno, CA", hideAddressUntilRegistered: false);
        var address = $"devmail.{Guid.NewGuid():N}@example.org";
        (await app.Factory.CreateBrowserLikeClient().PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Dora Dev", email = address })).EnsureSuccessStatusCode();

        // The file is on disk (no SMTP host is set), and the page lists it by subject and address.
        var directory = app.Factory.Services.GetRequiredService<IOptions<MailOptions>>().Value
            .PickupDirectoryFullPath(app.Factory.Services.GetRequiredService<IOptions<NetworkHostingOptions>>().Value);
        string? file = null;
        await Eventually.TrueAsync(() =>
        {
            file = System.IO.Directory.Exists(directory)
                ? System.IO.Directory.GetFiles(directory, "*.eml").Select(Path.GetFileName).FirstOrDefault(f => File.ReadAllText(Path.Combine(directory, f!)).Contains(address, StringComparison.Ordinal))
                : null;
            return Task.FromResult(file is not null);
        }, 20);

        var visitor = app.Factory.CreateBrowserLikeClient();
        var list = await visitor.GetStringAsync("/dev/mail");
        Assert.Contains(directory, list, StringComparison.Ordinal);
        Assert.Contains("Confirm your registration: Dev mail check: intake basics", list, StringComparison.Ordinal);
        Assert.Contains(address, list, StringComparison.Ordinal);
        Assert.Contains($"/dev/mail?message={file}", list, StringComparison.Ordinal);

        var one = await visitor.GetStringAsync($"/dev/mail?message={file}");
        Assert.Contains("data-testid=\"mail-text\"", one, StringComparison.Ordinal);
        Assert.Contains("We are holding your seat at Dev mail check: intake basics", one, StringComparison.Ordinal);
        Assert.Contains($"/calendar/events/{eventId}?registration=", one, StringComparison.Ordinal);

        // Only file names of the directory: a path is not followed.
        var outside = await visitor.GetAsync("/dev/mail?message=..%2Fconnected-california.db");
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        Assert.Contains("There is no message", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notification_dev_mail_page_is_not_found_outside_development()
    {
        await using var production = new NetworkAppFactory(seed: false, environment: "Production");
        var directory = Path.Combine(production.DataDirectory, "mail");
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "written-before.eml"),
            "From: a@example.org\r\nTo: secret.reader@example.org\r\nSubject: Reset your password\r\nMessage-ID: <x@example.org>\r\n\r\nA reset link.\r\n");
        using var client = production.CreateBrowserLikeClient();

        foreach (var path in new[] { "/dev/mail", "/dev/mail?message=written-before.eml" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Reset your password", body, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.reader", body, StringComparison.Ordinal);
        }
    }
}
