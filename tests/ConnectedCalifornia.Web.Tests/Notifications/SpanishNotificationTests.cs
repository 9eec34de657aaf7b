using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Tests.Authorization;
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
    private SeededAppFixture App => fixture.App;

    private TestSmtpServer Smtp => fixture.Smtp;

    [Fact]
    public async Task Notification_a_spanish_account_gets_its_invitation_reset_and_reminder_in_spanish_and_an_english_one_in_english()
    {
        var spanish = MatrixRole.ShelterStaff.Email()!;
        var english = MatrixRole.LawEnforcementStaff.Email()!;
        await Languages.SaveForAsync(App.Factory, spanish, "es");
        try
        {
            // Invitation: another organization's admin invites both (they have accounts: the message links to their invitations).
            var (inviter, _) = await App.ClientForAsync(MatrixRole.OtherOrganizationAdmin.Email());
            foreach (var email in new[] { spanish, english })
            {
                var invited = await inviter.PostAsJsonAsync("/api/organizations/juniper-gate-womens-shelter/members", new { email, role = "Staff" });
                Assert.True(invited.IsSuccessStatusCode, await invited.Content.ReadAsStringAsync());
            }

            var invitationEs = await Smtp.ArrivesAsync(spanish, "Tiene una invitación: ");
            AssertSpanish(invitationEs, "le invitó a unirse a", "Inicie sesión con su cuenta y responda a la invitación en su página de inicio.", "Ver sus invitaciones");
            var invitationEn = await Smtp.ArrivesAsync(english, "You are invited: ");
            AssertEnglish(invitationEn, "invited you to join", "Sign in with your account and answer the invitation on your home page.");

            // Password reset, asked on the English page: the account's saved language decides, not the page.
            foreach (var email in new[] { spanish, english })
            {
                using var person = App.Factory.CreateBrowserLikeClient();
                var asked = await People.PeopleApiTests.PostFormAsync(person, "/Account/ForgotPassword", "forgot-password", new() { ["Input.Email"] = email });
                Assert.True(asked.IsSuccessStatusCode || asked.StatusCode == HttpStatusCode.Redirect, $"{(int)asked.StatusCode}");
            }

            var resetEs = await Smtp.ArrivesAsync(spanish, "Restablezca su contraseña de Connected California");
            AssertSpanish(resetEs, "Alguien (esperamos que usted) pidió restablecer la contraseña", "Si usted no lo pidió, ignore este correo", "Elegir una contraseña nueva");
            Assert.Contains("/Account/ResetPassword", resetEs.TextBody, StringComparison.Ordinal);
            var resetEn = await Smtp.ArrivesAsync(english, "Reset your Connected California password");
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

            await Smtp.ArrivesAsync(spanish, $"Está inscrito(a): {title}");
            await Smtp.ArrivesAsync(english, $"You are registered: {title}");
            await MoveAndRemindAsync(eventId, title);
            var reminderEs = await Smtp.ArrivesAsync(spanish, $"Mañana: {title}");
            AssertSpanish(reminderEs, $"Un recordatorio: {title} es mañana.", "Cuándo: ", "(hora del Pacífico)", "Dónde: 12 Orchard Road, Fresno, CA", "Ver o cancelar su inscripción");
            Assert.Matches(SpanishTime(), reminderEs.TextBody);
            var reminderEn = await Smtp.ArrivesAsync(english, $"Tomorrow: {title}");
            AssertEnglish(reminderEn, $"A reminder: {title} is tomorrow.", "(Pacific time)", "Where: 12 Orchard Road, Fresno, CA");

            // The center holds the same words as the e-mail.
            var (staff, _) = await App.ClientForAsync(spanish);
            var center = await staff.GetFromJsonAsync<JsonElement>("/api/me/notifications", TestJson.Options);
            Assert.Contains(center.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == $"Mañana: {title}");
        }
        finally
        {
            // ShelterStaff is shared with the other tests of this app: back to English.
            await Languages.SaveForAsync(App.Factory, spanish, "en");
        }
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
            Assert.Equal(HttpStatusCode.Redirect, (await Languages.ChooseAsync(browser, "es")).StatusCode);
            var registered = await browser.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Lucía Ramírez", email = spanish });
            Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        }

        await PublicRegistration.RegisterAsync(App.Factory.Services, App.Factory.CreateBrowserLikeClient(), eventId, "Lucy Reed", english, confirm: false);

        // Stored with the registration, and the message written in it.
        var snapshot = await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetSnapshot();
        Assert.Equal("es", snapshot!.Registrations.Single(r => r.Email == spanish).Language);
        Assert.Null(snapshot.Registrations.Single(r => r.Email == english).Language);
        var confirmEs = await Smtp.ArrivesAsync(spanish, $"Confirme su inscripción: {title}");
        AssertSpanish(confirmEs, "Hola, Lucía Ramírez:", "Abra el enlace de abajo para confirmarlo.", "Confirmar su inscripción");
        var confirmEn = await Smtp.ArrivesAsync(english, $"Confirm your registration: {title}");
        AssertEnglish(confirmEn, "Hello Lucy Reed,", "Open the link below to confirm it.");

        // Her reminder too, with the one-click unsubscribe worded in Spanish.
        await PublicRegistration.ConfirmAsync(App.Factory.CreateBrowserLikeClient(), eventId, await PublicRegistration.IdOfAsync(App.Factory.Services, eventId, spanish));
        await MoveAndRemindAsync(eventId, title);
        var reminder = await Smtp.ArrivesAsync(spanish, $"Mañana: {title}");
        AssertSpanish(reminder, "Dejar de recibir estos correos: ");
        Assert.Equal("List-Unsubscribe=One-Click", reminder.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task Notification_an_applicant_without_an_account_gets_the_language_of_the_page_they_applied_from()
    {
        var name = $"Clínica Legal del Valle {Guid.NewGuid():N}"[..32];
        var spanish = $"marisol.{Guid.NewGuid():N}@example.org";
        using var browser = App.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await Languages.ChooseAsync(browser, "es")).StatusCode);
        var applied = await browser.PostAsJsonAsync("/api/applications/public", new
        {
            profile = new ConnectedCalifornia.Directory.OrganizationProfile(
                name, ConnectedCalifornia.Directory.OrganizationKind.Nonprofit, "Clínica legal para sobrevivientes de trata laboral en el Valle Central.", null,
                ["legal-aid"], [], ["es", "en"], ["06019"],
                [new ConnectedCalifornia.Directory.Contact("Línea principal", ConnectedCalifornia.Directory.ContactKind.Phone, "(559) 555-0199", ConnectedCalifornia.Directory.Visibility.Public)], AcceptingReferrals: true),
            note = "Soy la directora de la clínica.",
            applicantName = "Marisol Vega",
            applicantEmail = spanish,
        });
        Assert.True(applied.IsSuccessStatusCode, await applied.Content.ReadAsStringAsync());

        // The confirmation the applicant needs to go on is written in the language she applied in.
        var confirm = await Smtp.ArrivesAsync(spanish, "Confirme su dirección de correo: ");
        AssertSpanish(confirm, "Hola, Marisol Vega:", "Abra el enlace de abajo para confirmar que esta dirección es suya");
        Assert.Contains(name, confirm.Subject, StringComparison.Ordinal);
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

    private async Task MoveAndRemindAsync(string eventId, string title) =>
        await TestEvents.MoveSoonAndRemindAsync((await App.ClientForAsync(MatrixRole.ShelterAdmin.Email())).Client, App.Factory.Services.GetRequiredService<IGrainFactory>(), eventId, title);

    private async Task<string> CreateEventAsync(string title, TimeSpan startsIn) =>
        await TestEvents.CreateShownAsync((await App.ClientForAsync(MatrixRole.ShelterAdmin.Email())).Client, title, startsIn);

    /// <summary>"4 de marzo de 2027, 9:00 a. m. PT".</summary>
    [GeneratedRegex(@"\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}, \d{1,2}:\d{2} (a|p)\. m\. PT")]
    private static partial Regex SpanishTime();
}
