using System.Net;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;

namespace ConnectedCalifornia.Web.Tests.Localization;

/// <summary>
/// A shelter's staff member (Marisol, Bright Orchard, asked to stand by for the Fresno operation) reads her everyday
/// pages in Spanish: the home page with its work cards, the notification center, the e-mail preferences, the operations
/// list and the operation. Real requests through the real app with the language switch's cookie; each page is Spanish
/// and shows none of the English texts it used to.
/// </summary>
public sealed class EverydayPagesLocalizationTests(SeededAppFixture app) : IClassFixture<SeededAppFixture>
{
    private const string Operation = DemoOperationsData.OperationKey;

    [Fact]
    public async Task Localization_home_notifications_and_operations_of_a_signed_in_person_are_spanish_with_the_culture_cookie()
    {
        var email = MatrixRole.ShelterStaff.Email()!;
        using var client = app.Factory.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, email, DemoNetworkData.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Languages.ChooseAsync(client, "es", "/")).StatusCode);
        try
        {
            var pages = new (string Path, string[] Spanish, string[] English)[]
            {
                ("/", ["Mi red", "Mi trabajo", "Referidos nuevos", "Solicitudes de disponibilidad por responder", "Publicar cifras de camas", "Organizaciones", "Personal", "Cambios recientes en mi red"],
                    ["My work", "New referrals", "Standby requests to answer", "Post bed counts", "Recent changes in my network", "You are not in a task force.", "open operation"]),
                ("/notifications", ["Notificaciones", "Marcar todo como leído", "Se actualiza en vivo; las horas son del Pacífico.", "Elegir cuáles le llegan también por correo"],
                    ["Mark all read", "Updated live; times are Pacific.", "Choose which of these also come by e-mail", "Nothing unread.", "Notifications, none unread"]),
                ("/account/notifications", ["Notificaciones por correo", "Referidos", "Un referido urgente nuevo para su organización", "Siempre se envía", "De inmediato", "Resumen diario", "Nunca por correo", "Fuerzas de tarea y operativos", "hora del Pacífico"],
                    ["E-mail notifications", "Always sent", ">Immediately<", ">Daily digest<", ">Off<", "A new routine referral to your organization", "Task forces and operations", "Events and trainings"]),
                ("/operations", ["Operativos", "Thursday motel corridor operation", "En planificación", "Condado de Fresno", "hora del Pacífico"],
                    ["Task-force operations your organization takes part in", "Planning", "Fresno County", "(Pacific)"]),
                ($"/operations/{Operation}", ["Disponibilidad de servicios a víctimas", "Se esperan 8 personas", "Hay menores de edad", "Esperando respuesta", "Respuesta de Bright Orchard Youth Shelter", "Sí, estamos disponibles", "Bitácora en vivo", "Organizaciones participantes", "Agencia líder", "Fuerzas del orden", "Asignaciones", "Camas reservadas para el operativo", "Estado: En planificación", "Tipo: Aplicación de la ley"],
                    ["Victim-services standby", "people expected", "Minors involved", "Waiting for an answer", "Answer for", "Yes, we stand by", "Live timeline", "Participating organizations", "Lead agency", "Law enforcement", "Assignments", "Beds held for the operation", "Enforcement operation of"]),
            };

            foreach (var (path, spanish, english) in pages)
            {
                var response = await client.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                Assert.Contains("<html lang=\"es\">", html, StringComparison.Ordinal);
                Assert.All(spanish, text => Assert.True(html.Contains(text, StringComparison.Ordinal), $"{path} does not say \"{text}\""));
                Assert.All(english, text => Assert.False(html.Contains(text, StringComparison.Ordinal), $"{path} still says \"{text}\""));
            }

            // The bell in the app bar says its count in Spanish on every page.
            Assert.Matches("aria-label=\"Notificaciones, (ninguna|\\d+) sin leer\"", await client.GetStringAsync("/operations"));
        }
        finally
        {
            // The fixture's account keeps English.
            await Languages.ChooseAsync(client, "en", "/");
        }

        Assert.Contains("<html lang=\"en\">", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
