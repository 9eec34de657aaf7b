using System.Globalization;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Components.Pages;
using ConnectedCalifornia.Web.Components.Pages.Notifications;
using ConnectedCalifornia.Web.Components.Pages.Operations;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// The signed-in person's everyday pages (issue 18): the home page with its work and membership cards and change
/// feed, the notification center and e-mail preferences, the operations list and an operation. Held to the same rules
/// as the night path (every text has its Spanish, no English written outside a localizer), and the words composed in
/// code (a notification kind's group and label, an operation's status, type, role and answers, the work lines' details,
/// the operation grain's refusals) are said in Spanish through the real resource files.
/// </summary>
public sealed partial class LocalizationResourceTests
{
    /// <summary>A property, not a field: <see cref="CoveredPages"/> in the other part of this class reads it while it is initialized.</summary>
    private static string[] EverydayPages =>
    [
        "Components/Pages/MyWorkPanel.razor",
        "Components/Shared/NetworkCard.razor",
        "Components/Shared/ChangeFeed.razor",
        "Components/Layout/NotificationBell.razor",
        "Components/Pages/Notifications/NotificationCenter.razor",
        "Components/Pages/Notifications/NotificationPreferences.razor",
        "Components/Pages/Operations/Operations.razor",
        "Components/Pages/Operations/OperationList.razor",
        "Components/Pages/Operations/OperationPage.razor",
        "Components/Pages/Operations/FieldErrors.razor",
        "Components/Pages/Operations/OperationPlanForm.razor",
        "Components/Pages/Operations/PlanOperation.razor",
        "Components/Pages/Operations/TaskForceOperations.razor",
    ];

    [Fact]
    public void PseudoLocale_the_home_notification_and_operation_pages_write_no_english_outside_their_localizers()
    {
        // Home.razor is covered too (its markup is checked here; its keys with every covered page).
        var literal = EnglishOutsideLocalizers(["Components/Pages/Home.razor", .. EverydayPages]);
        Assert.True(literal.Count == 0, "English outside the localizers:\n" + string.Join("\n", literal));
    }

    [Fact]
    public void Localization_words_the_everyday_pages_compose_in_code_are_said_in_spanish()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var home = factory.Create(typeof(HomeText));
        var notifications = factory.Create(typeof(NotificationsText));
        var operations = factory.Create(typeof(OperationsText));
        var v = factory.Create(typeof(ValidationText));
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("es");
            var missing = new List<string>();

            // Every kind of notification: its heading and its label in the preferences.
            foreach (var kind in NotificationKinds.All)
            {
                missing.AddRange(new[] { kind.Group, kind.Label }.Where(text => notifications[text].ResourceNotFound).Select(text => $"NotificationsText: \"{text}\""));
            }

            // Every status, type, role, expected ages, answer and work status an operation page shows.
            var words = Enum.GetValues<OperationStatus>().Select(OperationLabels.Status)
                .Concat(Enum.GetValues<OperationType>().Select(OperationLabels.Type))
                .Concat(Enum.GetValues<TaskForceOrganizationRole>().Select(OperationLabels.Role))
                .Concat(Enum.GetValues<ExpectedAges>().Select(OperationLabels.Ages))
                .Concat(Enum.GetValues<StandbyResponse>().Select(OperationLabels.Answer))
                .Concat(Enum.GetValues<WorkStatus>().Select(OperationLabels.Work));
            missing.AddRange(words.Where(w => operations[w].ResourceNotFound).Select(w => $"OperationsText: \"{w}\""));

            // The roles the membership cards show (MyNetworkService).
            missing.AddRange(new[] { "Organization admin", "Staff", "Task-force lead", "Task-force member", "Participating organization" }
                .Where(r => home[r].ResourceNotFound).Select(r => $"HomeText: \"{r}\""));
            Assert.True(missing.Count == 0, "No Spanish for:\n" + string.Join("\n", missing));

            Assert.Equal("En planificación", operations[OperationLabels.Status(OperationStatus.Planning)]);
            Assert.Equal("En parte", operations[OperationLabels.Answer(StandbyResponse.Partial)]);

            // The work lines' details, composed in English by MyWorkService.
            Assert.Equal("3 vencidos", home.Say("3 overdue"));
            Assert.Equal("1 operativo abierto", home.Say("1 open operation"));
            Assert.Equal("2 operativos abiertos", home.Say("2 open operations"));
            Assert.Equal("ninguno vencido", home.Say("none overdue"));
            Assert.Equal("Perfil actualizado: languages", home.Say("Profile updated: languages"));
            Assert.Equal("Cifra publicada: menores de edad: 0 de 8 disponibles, 0 reservadas", home.Say("Count posted: minors: 0 of 8 available, 0 held"));
            Assert.Equal("Reservada por 2 h: menores de edad: 0 de 8 disponibles, 1 reservadas", home.Say("Held for 2 h: minors: 0 of 8 available, 1 held"));
            Assert.Equal("Reserva liberada: menores de edad: 1 de 8 disponibles, 0 reservadas", home.Say("Hold released: minors: 1 of 8 available, 0 held"));
            Assert.Equal("La reserva pasó a ser un ingreso: menores de edad: 0 de 8 disponibles, 0 reservadas", home.Say("Hold became a placement: minors: 0 of 8 available, 0 held"));
            Assert.Equal("Sitio dado de baja", home.Say("Site retired"));

            // The operation grain's refusals a participant can meet.
            Assert.Equal("Indique cuántos intercesores pueden estar disponibles (al menos 1) o responda que no.",
                v.Say("Say how many advocates can stand by (at least 1), or answer No."));
            Assert.Equal("La entrada: este dato es obligatorio.", v.Say("The entry is required."));
            var phone = v.Say(PiiGuard.Message(PiiKind.PhoneNumber, PiiField.OperationTimeline));
            Assert.StartsWith(v.Say(PiiGuard.Describe(PiiKind.PhoneNumber)), phone, StringComparison.Ordinal);
            Assert.Contains("bitácora de un operativo", phone, StringComparison.Ordinal);
            Assert.Contains("Una solicitud o respuesta de disponibilidad", v.Say(PiiGuard.Message(PiiKind.EmailAddress, PiiField.OperationStandby)), StringComparison.Ordinal);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void Localization_an_operations_window_is_written_per_culture_in_pacific_time()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            // Thursday, November 26, 2026, 5 PM to 1 AM in California (01:00 and 09:00 UTC on the 27th).
            var start = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.Zero);
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            Assert.Equal("Thu Nov 26, 5:00 PM – 1:00 AM (Pacific)", OperationLabels.Window(start, start.AddHours(8)));
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("es");
            Assert.Matches(@"^jue\.? 26 nov\.?, 5:00 p\.\s?m\. – 1:00 a\.\s?m\. \(hora del Pacífico\)$", OperationLabels.Window(start, start.AddHours(8)).Replace('\u00a0', ' ').Replace('\u202f', ' '));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
