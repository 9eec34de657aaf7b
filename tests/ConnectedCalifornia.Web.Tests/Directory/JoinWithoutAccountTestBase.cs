using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using ConnectedCalifornia.Web.Tests.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Directory;

/// <summary>
/// What the tests of joining without an account share: the application they send, the curators' open queue, the
/// account stored for an address, and the e-mail the real SMTP server on loopback received.
/// </summary>
public abstract class JoinWithoutAccountTestBase(SmtpAppFixture fixture)
{
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    protected SmtpAppFixture Fixture => fixture;

    protected SeededAppFixture App => fixture.App;

    protected static OrganizationProfile Profile(string name) => new(
        name, OrganizationKind.Nonprofit, "Legal clinic for survivors of labor trafficking in the Central Valley.", "https://clinic.example.org",
        ["legal-aid"], [], ["en", "es"], ["06019"], [new Contact("Main line", ContactKind.Phone, "(559) 555-0199", Visibility.Public)], AcceptingReferrals: true);

    /// <summary>The body of <c>POST /api/applications/public</c>.</summary>
    protected static object Application(string name, string applicantName, string applicantEmail) => new
    {
        profile = Profile(name),
        note = "I am the clinic's director; our website lists our staff.",
        applicantName,
        applicantEmail,
    };

    protected static async Task<JoinRequestSummary[]> OpenAsync(HttpClient curator) =>
        (await curator.GetFromJsonAsync<JoinRequestSummary[]>("/api/curation/applications", Json))!;

    protected async Task<ApplicationUser?> FindAccountAsync(string email)
    {
        await using var scope = App.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    /// <summary>The newest message the SMTP server received for this address whose subject starts so (and contains that).</summary>
    protected async Task<MimeMessage> ArrivesAsync(string address, string subjectStartsWith, string? subjectContains = null)
    {
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Smtp.Messages.Any(Matches)), 30);
        return fixture.Smtp.Messages.Last(Matches);

        bool Matches(MimeMessage m) => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))
            && (m.Subject ?? string.Empty).StartsWith(subjectStartsWith, StringComparison.Ordinal)
            && (subjectContains is null || (m.Subject ?? string.Empty).Contains(subjectContains, StringComparison.Ordinal));
    }
}
