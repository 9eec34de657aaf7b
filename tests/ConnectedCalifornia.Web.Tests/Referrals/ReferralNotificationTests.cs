using System.Net.Http.Json;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Notifications;

namespace ConnectedCalifornia.Web.Tests.Referrals;

/// <summary>
/// Referral e-mails through the real pipeline (API, referral grain, its outbox, delivery, a real SMTP
/// server): who gets which message, and that a message says only the code, the organizations, the
/// urgency and the answer time.
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class ReferralNotificationTests(NotificationKindsFixture app)
{
    private static readonly string ShelterStaff = MatrixRole.ShelterStaff.Email()!;
    private static readonly string ShelterAdmin = MatrixRole.ShelterAdmin.Email()!;
    private static readonly string Sender = MatrixRole.TaskForceMember.Email()!;

    internal static async Task<(string Id, string Code)> SendAsync(NotificationKindsFixture app, string urgency, string needs = "Needs a bed tonight.", string safety = "Use the side door.")
    {
        var lucia = await app.ClientForAsync(Sender);
        var sent = await lucia.PostAsJsonAsync(
            $"/api/organizations/{DemoReferralData.FromOrganizationKey}/referrals/",
            new { toOrganizationId = AuthorizationMatrix.Org, services = new[] { "shelter-housing" }, ageBracket = "Age12To17", language = "es", county = "06019", needs, safetyNotes = safety, urgency });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var body = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(ReferralApiTests.Json))!;
        return (body.Id, body.Code);
    }

    [Fact]
    public async Task Notification_urgent_referral_reaches_the_receiving_shelters_members_and_its_answer_the_sender()
    {
        var (id, code) = await SendAsync(app, "Urgent", needs: "Needs a safe bed and an interpreter.", safety: "Do not call the uncle.");

        var urgent = await app.ArrivesAsync(ShelterStaff, $"Urgent referral {code}");
        await app.ArrivesAsync(ShelterAdmin, $"Urgent referral {code}");
        Assert.Contains("Valley Compass", urgent.Subject, StringComparison.Ordinal);
        Assert.Contains($"/referrals/{id}", urgent.TextBody, StringComparison.Ordinal);
        Assert.Contains("answer by", urgent.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("interpreter", urgent.TextBody + urgent.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("uncle", urgent.TextBody + urgent.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Sender, app.Recipients($"Urgent referral {code}"));

        var receiver = await app.ClientForAsync(ShelterAdmin);
        (await receiver.PostAsJsonAsync($"/api/referrals/{id}/transitions", new { to = "Declined", reason = "NoCapacity" })).EnsureSuccessStatusCode();
        var declined = await app.ArrivesAsync(Sender, $"Referral {code} declined");
        Assert.Contains("Bright Orchard", declined.Subject, StringComparison.Ordinal);
        Assert.Equal([Sender], app.Recipients($"Referral {code} declined").Where(a => a == ShelterStaff || a == ShelterAdmin || a == Sender));
    }

    [Fact]
    public async Task Notification_routine_referral_overdue_and_expiring_reach_both_sides_and_withdrawn_consent_both()
    {
        var (id, code) = await SendAsync(app, "Routine");
        await app.ArrivesAsync(ShelterStaff, $"New referral {code}");

        var lucia = await app.ClientForAsync(Sender);
        (await lucia.PutAsJsonAsync($"/api/referrals/{id}/consent", new
        {
            recipientOrganizationId = AuthorizationMatrix.Org,
            purpose = "Shelter intake",
            expiresAt = app.Clock.GetUtcNow().AddDays(30),
            writtenConsentConfirmed = true,
            name = "Dana Example",
            contact = "(559) 555-0199",
        })).EnsureSuccessStatusCode();
        (await lucia.DeleteAsync($"/api/referrals/{id}/consent")).EnsureSuccessStatusCode();
        var withdrawn = await app.ArrivesAsync(ShelterAdmin, $"Consent withdrawn on referral {code}");
        await app.ArrivesAsync(Sender, $"Consent withdrawn on referral {code}");
        Assert.DoesNotContain("Dana", withdrawn.TextBody + withdrawn.HtmlBody, StringComparison.Ordinal);

        // Past its answer time the sweep escalates it: the receiver is asked to answer, the sender told.
        var registry = app.Grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry);
        app.Clock.Advance(TimeSpan.FromDays(5));
        await registry.Sweep();
        await app.ArrivesAsync(ShelterStaff, $"Overdue: referral {code}");
        await app.ArrivesAsync(Sender, $"No answer yet: referral {code}");

        // A day before it expires both are told, once.
        app.Clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromHours(1));
        await registry.Sweep();
        await registry.Sweep();
        await app.ArrivesAsync(ShelterAdmin, $"Referral {code} expires soon");
        await app.ArrivesAsync(Sender, $"Referral {code} expires soon");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.Smtp.Messages, m => NotificationKindsFixture.To(m) == Sender && m.Subject!.Contains($"Referral {code} expires soon", StringComparison.Ordinal));
    }
}
