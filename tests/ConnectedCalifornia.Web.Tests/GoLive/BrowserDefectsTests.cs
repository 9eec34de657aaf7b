using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.GoLive;

/// <summary>
/// Issue 15, small defects seen in the browser: the certificate link shows its code, an unknown
/// organization is a real 404 (page and API), stored keys and enums read as words in California time,
/// and a referral's audit log folds repeated reads by the same person without touching the log.
/// </summary>
public sealed class BrowserDefectsTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task The_certificate_link_on_the_event_page_shows_the_certificates_code()
    {
        var (officer, _) = await app.ClientForAsync(MatrixRole.LawEnforcementStaff.Email());
        var code = (await officer.GetFromJsonAsync<EventView>($"/api/calendar/events/{DemoCalendarData.TrainingUnderWay}", Json))!.Mine!.CertificateCode!;

        var page = await officer.GetStringAsync($"/calendar/events/{DemoCalendarData.TrainingUnderWay}");

        Assert.Contains($"Your certificate ({code})", page, StringComparison.Ordinal);
        Assert.DoesNotContain("({code})", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_organization_is_a_real_404_for_the_page_and_the_api()
    {
        var (anonymous, _) = await app.ClientForAsync(null);

        var page = await anonymous.GetAsync("/organizations/no-such-organization");
        var api = await anonymous.GetAsync("/api/organizations/no-such-organization");
        var known = await anonymous.GetAsync($"/organizations/{AuthorizationMatrix.Org}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Page not found", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Theory]
    [InlineData("InProgress -> Completed", "In progress → Completed")]
    [InlineData("Organization added as LeadAgency", "Organization added as Lead agency")]
    [InlineData("Sent -> Expired (unanswered)", "Sent → Expired (unanswered)")]
    [InlineData("consent until 2026-07-04 19:30 UTC", "consent until Jul 4, 2026, 12:30 PM PT")]
    [InlineData("Kim McDonald called", "Kim McDonald called")]
    public void Stored_texts_read_as_words_in_california_time(string stored, string shown) =>
        Assert.Equal(shown, Readable.Text(stored));

    [Theory]
    [InlineData("legislation.billNumber", "Legislation: bill number")]
    [InlineData("fieldVisibility.description", "Field visibility: description")]
    [InlineData("adult-women.available", "Adult women: available")]
    public void History_field_keys_read_as_words(string field, string shown) =>
        Assert.Equal(shown, Readable.Field(field));

    [Fact]
    public void Repeated_reads_by_the_same_person_are_one_line_of_the_audit_and_other_steps_stay()
    {
        var at = new DateTimeOffset(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);
        ImmutableArray<ReferralAuditEntry> log =
        [
            Entry(1, at, "u1", "Ana", "sent", "services: shelter"),
            Entry(2, at.AddMinutes(1), "u2", "Ben", "viewed", "record"),
            .. Enumerable.Range(0, 12).Select(i => Entry(3 + i, at.AddMinutes(2 + i), i % 3 == 0 ? "u1" : "u2", i % 3 == 0 ? "Ana" : "Ben", "read", "record")),
            Entry(15, at.AddMinutes(20), "u2", "Ben", "status", "Viewed -> InProgress"),
            Entry(16, at.AddMinutes(21), "u2", "Ben", "read", "record"),
        ];

        var rows = ReferralAuditRow.From(log);

        Assert.Equal(["sent", "viewed", "read", "read", "status", "read"], rows.Select(r => r.Action));
        Assert.Equal([1, 1, 4, 8, 1, 1], rows.Select(r => r.Count));
        Assert.Equal("Read (8 times)", rows[3].ActionText);
        Assert.Equal((at.AddMinutes(3), at.AddMinutes(13)), (rows[3].First, rows[3].Last));
        Assert.Equal("Viewed → In progress", rows[4].Detail);
        Assert.Equal(log.Length, rows.Sum(r => r.Count));
    }

    private static ReferralAuditEntry Entry(long sequence, DateTimeOffset at, string actorId, string actorName, string action, string detail) =>
        new(sequence, at, actorId, actorName, "org", action, detail, "prev", "hash");
}
