using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Referrals;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConnectedCalifornia.Web.Tests.Referrals;

/// <summary>
/// Referrals through the real pipeline: a nameless referral with a bed hold goes out, both sides
/// hear every step live, the hold becomes the placement; bad input changes nothing.
/// </summary>
public sealed class ReferralApiTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Shelter = AuthorizationMatrix.Org;
    private const string Sender = DemoReferralData.FromOrganizationKey;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    internal static object Draft(string? hold = null, ReferralUrgency urgency = ReferralUrgency.Urgent) => new
    {
        toOrganizationId = Shelter,
        services = new[] { "shelter-housing" },
        ageBracket = "Age12To17",
        language = "es",
        county = "06019",
        needs = "A safe bed tonight; speaks Spanish.",
        urgency = urgency.ToString(),
        holdCategory = hold,
    };

    [Fact]
    public async Task A_referral_made_during_an_operation_is_linked_to_it_and_only_an_operation_the_sender_takes_part_in()
    {
        const string Operation = DemoOperationsData.OperationKey;
        var (lead, _) = await app.ClientForAsync(MatrixRole.TaskForceLead.Email());
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var linkedBefore = (await lead.GetFromJsonAsync<JsonElement>($"/api/operations/{Operation}", Json)).GetProperty("referralsLinked").GetInt32();
        var outboxBefore = (await lucia.GetFromJsonAsync<JsonElement>($"/api/organizations/{Sender}/referrals/?box=outbox", Json)).GetArrayLength();

        // Not taking part yet: refused by name, nothing sent.
        var refused = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", WithOperation(Operation));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("operationId", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(outboxBefore, (await lucia.GetFromJsonAsync<JsonElement>($"/api/organizations/{Sender}/referrals/?box=outbox", Json)).GetArrayLength());

        // The lead brings the sender's organization into the operation; now the referral is linked.
        (await lead.PutAsJsonAsync($"/api/operations/{Operation}/participants/{Sender}", new { role = "VictimServices" })).EnsureSuccessStatusCode();
        var sent = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", WithOperation(Operation));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(Json))!.Id;

        Assert.False(string.IsNullOrEmpty(id));
        var operation = await lead.GetFromJsonAsync<JsonElement>($"/api/operations/{Operation}", Json);
        Assert.Equal(linkedBefore + 1, operation.GetProperty("referralsLinked").GetInt32());
    }

    private static Dictionary<string, object?> WithOperation(string operationId) => new()
    {
        ["toOrganizationId"] = Shelter,
        ["services"] = new[] { "shelter-housing" },
        ["ageBracket"] = "Age12To17",
        ["language"] = "es",
        ["county"] = "06019",
        ["urgency"] = "Urgent",
        ["operationId"] = operationId,
    };

    [Fact]
    public async Task A_sixteen_year_old_is_referred_without_a_name_with_a_held_bed_and_both_sides_see_it_live()
    {
        var (lucia, luciaCookie) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var (staff, staffCookie) = await app.ClientForAsync(MatrixRole.ShelterStaff.Email());
        (await staff.PostAsJsonAsync($"/api/capacity/sites/{AuthorizationMatrix.Site}/counts/{CapacityCategories.Minors}", new { available = 2 })).EnsureSuccessStatusCode();

        var check = await lucia.GetFromJsonAsync<CapacityCheck>($"/api/organizations/{Sender}/referrals/capacity/{Shelter}", Json);
        Assert.Equal(CapacityAnswer.Yes, check!.Categories.Single(c => c.Category == CapacityCategories.Minors).Answer);

        await using var inbox = await ListenAsync(staffCookie, Topics.Referrals(Shelter));
        var sent = await lucia.PostAsJsonAsync($"/api/organizations/{Sender}/referrals/", Draft(CapacityCategories.Minors));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<ReferralApi.Sent>(Json))!.Id;
        Assert.Equal(AnnouncementKinds.ReferralSent, (await inbox.NextAsync(id)).Kind);

        await using var outbox = await ListenAsync(luciaCookie, Topics.Referral(id));
        var record = await staff.GetFromJsonAsync<ReferralRecord>($"/api/referrals/{id}", Json);
        Assert.Equal((ReferralStatus.Viewed, null), (record!.Status, record.Details));
        Assert.Equal(("Active", CapacityCategories.Minors), (record.Hold!.Status, record.Hold.Category));
        Assert.Contains("Viewed", (await outbox.NextAsync(id)).Summary, StringComparison.Ordinal);

        var accepted = await staff.PostAsJsonAsync($"/api/referrals/{id}/transitions", new { to = "Accepted" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("Accepted", (await outbox.NextAsync(id)).Summary, StringComparison.Ordinal);
        var again = await staff.PostAsJsonAsync($"/api/referrals/{id}/transitions", new { to = "Accepted" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var placed = await lucia.GetFromJsonAsync<ReferralRecord>($"/api/referrals/{id}", Json);
        Assert.Equal((ReferralStatus.Accepted, "Converted"), (placed!.Status, placed.Hold!.Status));
        var outboxRows = await lucia.GetFromJsonAsync<ReferralSummary[]>($"/api/organizations/{Sender}/referrals/?box=outbox", Json);
        Assert.Contains(outboxRows!, r => r.Id == id && r.Status == ReferralStatus.Accepted);

        // The sender cannot accept; the receiver cannot withdraw.
        var wrongSide = await lucia.PostAsJsonAsync($"/api/referrals/{id}/transitions", new { to = "Completed", outcome = "Placed" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongSide.StatusCode);
    }

    [Theory]
    [InlineData("""{"toOrganizationId":"bright-orchard-youth-shelter","services":["no-such-service"],"language":"es","county":"06019"}""", "services")]
    [InlineData("""{"toOrganizationId":"bright-orchard-youth-shelter","services":["legal-aid"],"language":"es","county":"6019"}""", "county")]
    [InlineData("""{"toOrganizationId":"bright-orchard-youth-shelter","services":["legal-aid"],"language":"es","county":"06019","urgency":"Whenever"}""", "body")]
    [InlineData("""{"toOrganizationId":"bright-orchard-youth-shelter","services":"legal-aid"}""", "body")]
    [InlineData("""{"toOrganizationId":""", "body")]
    [InlineData("""[]""", "body")]
    public async Task A_malformed_or_unknown_referral_is_a_validation_problem_and_sends_nothing(string body, string field)
    {
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var before = (await lucia.GetFromJsonAsync<ReferralSummary[]>($"/api/organizations/{Sender}/referrals/?box=outbox", Json))!.Length;

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await lucia.PostAsync($"/api/organizations/{Sender}/referrals/", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, (await lucia.GetFromJsonAsync<ReferralSummary[]>($"/api/organizations/{Sender}/referrals/?box=outbox", Json))!.Length);
    }

    [Fact]
    public async Task An_oversized_body_and_consent_that_ends_in_the_past_are_refused_and_change_nothing()
    {
        var (lucia, _) = await app.ClientForAsync(MatrixRole.TaskForceMember.Email());
        using var huge = new StringContent("""{"text":" """ + new string('x', 20_000) + "\"}", Encoding.UTF8, "application/json");
        var tooBig = await lucia.PostAsync($"/api/referrals/{DemoReferralData.ReferralId}/notes", huge);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);

        var past = await lucia.PutAsJsonAsync($"/api/referrals/{DemoReferralData.ReferralId}/consent", new
        {
            recipientOrganizationId = Shelter,
            purpose = "Intake",
            expiresAt = DateTimeOffset.UtcNow.AddDays(-1),
            writtenConsentConfirmed = true,
            name = "Someone",
        });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("future", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var record = await lucia.GetFromJsonAsync<ReferralRecord>($"/api/referrals/{DemoReferralData.ReferralId}", Json);
        Assert.Null(record!.Consent);
        Assert.DoesNotContain(record.Notes, n => n.Text.StartsWith("xxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admins_of_either_side_read_a_verified_audit_chain()
    {
        var (admin, _) = await app.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var audit = await admin.GetFromJsonAsync<AuditView>($"/api/referrals/{DemoReferralData.ReferralId}/audit", Json);
        Assert.True(audit!.Intact);
        Assert.Equal("sent", audit.Entries[0].Action);
        Assert.Equal("audit-read", audit.Entries[^1].Action);
    }

    private async Task<Listener> ListenAsync(string? cookie, string topic)
    {
        var connection = app.Factory.CreateHubConnection(cookie);
        var received = Channel.CreateUnbounded<AnnouncementMessage>();
        connection.On<AnnouncementMessage>(nameof(INetworkClient.Announcement), m => received.Writer.TryWrite(m));
        await connection.StartAsync();
        var join = await connection.InvokeAsync<JoinResult>(nameof(NetworkHub.Join), topic);
        Assert.True(join.Joined, topic);
        return new Listener(connection, received.Reader);
    }

    private sealed class Listener(HubConnection connection, ChannelReader<AnnouncementMessage> reader) : IAsyncDisposable
    {
        public async Task<AnnouncementMessage> NextAsync(string entityId)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            AnnouncementMessage message;
            do
            {
                message = await reader.ReadAsync(timeout.Token);
            }
            while (message.EntityId != entityId);

            return message;
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
