using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// E-mails in the recipient's language, as a real SMTP server on loopback receives them: a person who saved
/// Spanish (the language switch while signed in) gets the invitation, the password reset and the reminder in
/// Spanish (subject, body, <c>Content-Language: es</c>, <c>&lt;html lang="es"&gt;</c>); a person who saved
/// nothing gets them in English; a public registrant gets the language of the page they registered from.
/// </summary>
public sealed partial class SpanishNotificationTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private SeededAppFixture App => fixture.App;

    private TestSmtpServer Smtp => fixture.Smtp;

    [Fact]
    public async Task Notification_a_spanish_account_gets_its_invitation_reset_and_reminder_in_spanish_and_an_english_one_in_english()
    {
        var spanish = MatrixRole.ShelterStaff.Email()!;
        var english = MatrixRole.LawEnforcementStaff.Email()!;
        using (var browser = App.Factory.CreateBrowserLikeClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(browser, spanish, ConnectedCalifornia.Web.Seeding.DemoNetworkData.DemoPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await ChooseLanguageAsync(browser, "es")).StatusCode);
        }

        // Invitation: another organization's admin invites both (they have accounts: the message links to their invitations).
        var (inviter, _) = await App.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
        foreach (var email in new[] { spanish, english })
        {
            var invited = await inviter.PostAsJsonAsync("/api/organizations/juniper-gate-womens-shelter/members", new { email, role = "Staff" });
            Assert.True(invited.IsSuccessStatusCode, await invited.Content.ReadAsStringAsync());
        }

        var invitationEs = await ArrivesAsync(spanish, "Tiene una invitación: ");
        AssertSpanish(invitationEs, "le invitó a unirse a", "Inicie sesión con su cuenta y responda a la invitación en su página de inicio.", "Ver sus invitaciones");
        var invitationEn = await ArrivesAsync(english, "You are invited: ");
        AssertEnglish(invitationEn, "invited you to join", "Sign in with your account and answer the invitation on your home page.");

        // Password reset, asked on the English page: the account's saved language decides, not the page.
        foreach (var email in new[] { spanish, english })
        {
            using var person = App.Factory.CreateBrowserLikeClient();
            var asked = await People.PeopleApiTests.PostFormAsync(person, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
            Assert.True(asked.IsSuccessStatusCode || asked.StatusCode == HttpStatusCode.Redirect, $"{(int)asked.StatusCode}");
        }

        var resetEs = await ArrivesAsync(spanish, "Restablezca su contraseña de Connected California");
        AssertSpanish(resetEs, "Alguien (esperamos que usted) pidió restablecer la contraseña", "Si usted no lo pidió, ignore este correo", "Elegir una contraseña nueva");
        Assert.Contains("/Account/ResetPassword", resetEs.TextBody, StringComparison.Ordinal);
        var resetEn = await ArrivesAsync(english, "Reset your Connected California password");
        AssertEnglish(resetEn, "Someone (we hope you) asked to reset the password", "If you did not ask, ignore this e-mail");

        // Reminder: both registered with their accounts; the event moves to tomorrow and the reminders go out.
        var title = $"Trauma-informed interviewing {Guid.NewGuid():N}"[..40];
        var eventId = await CreateEventAsync(title, TimeSpan.FromDays(3));
        foreach (var email in new[] { spanish, english })
        {
            var (member, _) = await App.ClientForAsync(email);
            var registered = await member.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { });
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        await ArrivesAsync(spanish, $"Está inscrito(a): {title}");
        await ArrivesAsync(english, $"You are registered: {title}");
        await MoveAndRemindAsync(eventId, title);
        var reminderEs = await ArrivesAsync(spanish, $"Mañana: {title}");
        AssertSpanish(reminderEs, $"Un recordatorio: {title} es mañana.", "Cuándo: ", "(hora del Pacífico)", "Dónde: 12 Orchard Road, Fresno, CA", "Ver o cancelar su inscripción");
        Assert.Matches(SpanishTime(), reminderEs.TextBody);
        var reminderEn = await ArrivesAsync(english, $"Tomorrow: {title}");
        AssertEnglish(reminderEn, $"A reminder: {title} is tomorrow.", "(Pacific time)", "Where: 12 Orchard Road, Fresno, CA");

        // The center holds the same words as the e-mail.
        var (staff, _) = await App.ClientForAsync(spanish);
        var center = await staff.GetFromJsonAsync<JsonElement>("/api/me/notifications", Json);
        Assert.Contains(center.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == $"Mañana: {title}");
    }

    [Fact]
    public async Task Notification_a_public_registrant_gets_the_language_of_the_page_they_registered_from()
    {
        var title = $"Know your rights at work {Guid.NewGuid():N}"[..36];
        var eventId = await CreateEventAsync(title, TimeSpan.FromDays(3));
        var spanish = $"lucia.{Guid.NewGuid():N}@example.org";
        var english = $"lucy.{Guid.NewGuid():N}@example.org";
        using (var browser = App.Factory.CreateBrowserLikeClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await ChooseLanguageAsync(browser, "es")).StatusCode);
            var registered = await browser.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Lucía Ramírez", email = spanish });
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        await PublicRegistration.RegisterAsync(App.Factory.Services, App.Factory.CreateBrowserLikeClient(), eventId, "Lucy Reed", english, confirm: false);

        // Stored with the registration, and the message written in it.
        var snapshot = await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetSnapshot();
        Assert.Equal("es", snapshot!.Registrations.Single(r => r.Email == spanish).Language);
        Assert.Null(snapshot.Registrations.Single(r => r.Email == english).Language);
        var confirmEs = await ArrivesAsync(spanish, $"Confirme su inscripción: {title}");
        AssertSpanish(confirmEs, "Hola, Lucía Ramírez:", "Abra el enlace de abajo para confirmarlo.", "Confirmar su inscripción");
        var confirmEn = await ArrivesAsync(english, $"Confirm your registration: {title}");
        AssertEnglish(confirmEn, "Hello Lucy Reed,", "Open the link below to confirm it.");

        // Her reminder too, with the one-click unsubscribe worded in Spanish.
        await PublicRegistration.ConfirmAsync(App.Factory.CreateBrowserLikeClient(), eventId, await PublicRegistration.IdOfAsync(App.Factory.Services, eventId, spanish));
        await MoveAndRemindAsync(eventId, title);
        var reminder = await ArrivesAsync(spanish, $"Mañana: {title}");
        AssertSpanish(reminder, "Dejar de recibir estos correos: ");
        Assert.Equal("List-Unsubscribe=One-Click", reminder.Headers["List-Unsubscribe-Post"]);
    }

    private static void AssertSpanish(MimeMessage message, params string[] phrases)
    {
        Assert.Equal("es", ContentLanguage(message));
        Assert.Contains("<html lang=\"es\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("la red de coordinación de quienes combaten la trata de personas en California", message.TextBody, StringComparison.Ordinal);
        foreach (var phrase in phrases)
        {
            Assert.Contains(phrase, message.TextBody, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Hello", message.TextBody, StringComparison.Ordinal);
    }

    private static void AssertEnglish(MimeMessage message, params string[] phrases)
    {
        Assert.Equal("en", ContentLanguage(message));
        Assert.Contains("<html lang=\"en\"", message.HtmlBody, StringComparison.Ordinal);
        foreach (var phrase in phrases)
        {
            Assert.Contains(phrase, message.TextBody, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Hola", message.TextBody, StringComparison.Ordinal);
    }

    /// <summary>The received message's Content-Language (MimeKit files Content-* headers of the top level under the body).</summary>
    private static string? ContentLanguage(MimeMessage message) => message.Headers["Content-Language"] ?? message.Body?.Headers["Content-Language"];

    private async Task<MimeMessage> ArrivesAsync(string address, string subjectStartsWith)
    {
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = Smtp.Messages.LastOrDefault(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))
                && (m.Subject ?? string.Empty).StartsWith(subjectStartsWith, StringComparison.Ordinal));
            return Task.FromResult(found is not null);
        }, 30);
        return found!;
    }

    private static async Task<HttpResponseMessage> ChooseLanguageAsync(HttpClient client, string culture)
    {
        var page = await client.GetStringAsync("/");
        return await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value),
            ["culture"] = culture,
            ["returnUrl"] = "/",
        }));
    }

    private async Task MoveAndRemindAsync(string eventId, string title)
    {
        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        var moved = await host.PutAsJsonAsync($"/api/calendar/events/{eventId}", EventBody(title, TimeSpan.FromHours(5)), Json);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).SendDueReminders();
    }

    private async Task<string> CreateEventAsync(string title, TimeSpan startsIn)
    {
        var (client, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        return await TestEvents.CreatePublicAsync(client, title, DateTimeOffset.UtcNow.Add(startsIn), TimeSpan.FromHours(1), 30, OrchardRoad, hideAddressUntilRegistered: false);
    }

    private const string OrchardRoad = "12 Orchard Road, Fresno, CA";

    private static object EventBody(string title, TimeSpan startsIn) =>
        TestEvents.PublicBody(title, DateTimeOffset.UtcNow.Add(startsIn), TimeSpan.FromHours(1), 30, OrchardRoad, hideAddressUntilRegistered: false);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>"4 de marzo de 2027, 9:00 a. m. PT".</summary>
    [GeneratedRegex(@"\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}, \d{1,2}:\d{2} (a|p)\. m\. PT")]
    private static partial Regex SpanishTime();
}
