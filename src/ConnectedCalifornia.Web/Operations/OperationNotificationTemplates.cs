using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Operations;

/// <summary>
/// The operations' messages: a standby request, activation, a changed window or place, closing, an
/// after-action item assigned or due. Operations are confidential, so a message names the operation's title and its task
/// force and says when; never where (it says only that the place changed) and nothing of the timeline or
/// the standby request. The link leads to the operation, where people sign in to read the rest.
/// </summary>
public sealed class OperationNotificationTemplates(IGrainFactory grains) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.OperationStandby, NotificationKinds.OperationActivated, NotificationKinds.OperationChanged,
        NotificationKinds.OperationClosed, NotificationKinds.OperationActionItem,
    ];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var title = n.Fact("operation.title") ?? to.Say("An operation", "Un operativo");
        var taskForce = await NotificationText.Shared(n, "task-force.name", () => TaskForceNameAsync(n)) ?? to.Say("your task force", "su fuerza de tarea");
        var when = to.Say(
            $"{NotificationText.Time(n, "operation.start")} to {NotificationText.Time(n, "operation.end")} (Pacific time)",
            $"del {NotificationText.Time(n, "operation.start")} al {NotificationText.Time(n, "operation.end")} (hora del Pacífico)");
        var hello = NotificationText.Greeting(to);
        var changed = Changed(n, to);
        var due = Due(n, to, reminder: false);
        var dueReminder = Due(n, to, reminder: true);
        var open = to.Say("Open the operation", "Abrir el operativo");
        var confidential = to.Say(
            "The operation is confidential: its place and details are only in Connected California. Please do not forward this e-mail.",
            "El operativo es confidencial: su lugar y sus detalles están solo en Connected California. Por favor, no reenvíe este correo.");
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.OperationStandby => new(
                to.Say($"Standby request: {title}", $"Solicitud de disponibilidad: {title}"),
                to.Say($"{taskForce} asks your organization to stand by for {title}, {when}.", $"{taskForce} pide a su organización que esté disponible para {title}, {when}."),
                [hello, to.Say(
                    $"{taskForce} asks your organization to stand by with advocates for the operation {title}, {when}. Please sign in to read the request and answer yes, partly or no.",
                    $"{taskForce} pide a su organización que tenga intercesores disponibles para el operativo {title}, {when}. Inicie sesión para leer la solicitud y responder sí, en parte o no."), confidential],
                to.Say("Answer the standby request", "Responder la solicitud de disponibilidad")),
            NotificationKinds.OperationActivated => new(
                to.Say($"Operation active: {title}", $"Operativo activo: {title}"),
                to.Say($"{title} ({taskForce}) is now active.", $"{title} ({taskForce}) ya está activo."),
                [hello, to.Say(
                    $"The operation {title} of {taskForce}, which your organization takes part in, is now active: {when}. The live timeline is on the operation's page.",
                    $"El operativo {title} de {taskForce}, en el que participa su organización, ya está activo: {when}. La cronología en vivo está en la página del operativo."), confidential],
                open),
            NotificationKinds.OperationChanged => new(
                to.Say($"Operation changed: {title}", $"Cambio en el operativo: {title}"),
                to.Say($"{title} ({taskForce}) changed its {changed}.", $"{title} ({taskForce}) cambió {changed}."),
                [hello, to.Say($"The operation {title} of {taskForce} changed its {changed}.", $"El operativo {title} de {taskForce} cambió {changed}."),
                    n.Fact("changed.window") == "true"
                        ? to.Say(
                            $"Now: {when}. Before: {NotificationText.Time(n, "previous.start")} to {NotificationText.Time(n, "previous.end")}.",
                            $"Ahora: {when}. Antes: del {NotificationText.Time(n, "previous.start")} al {NotificationText.Time(n, "previous.end")}.")
                        : to.Say($"When: {when}.", $"Cuándo: {when}."),
                    n.Fact("changed.place") == "true" ? to.Say("The place changed: sign in to see it.", "El lugar cambió: inicie sesión para verlo.") : string.Empty, confidential],
                open),
            NotificationKinds.OperationClosed => new(
                to.Say($"Operation closed: {title}", $"Operativo cerrado: {title}"),
                to.Say($"{title} ({taskForce}) was closed.", $"{title} ({taskForce}) se cerró."),
                [hello, to.Say(
                    $"The operation {title} of {taskForce} was closed. Beds still held for it were released. After-action items stay open on its page until they are done.",
                    $"El operativo {title} de {taskForce} se cerró. Las camas que aún estaban reservadas para él se liberaron. Las tareas posteriores siguen abiertas en su página hasta que se completen."), confidential],
                open),
            NotificationKinds.OperationActionItem when n.Fact("item.reminder") == "due" => new(
                to.Say($"After-action item due: {title}", $"Tarea posterior al operativo por vencer: {title}"),
                to.Say($"An after-action item of {title} assigned to your organization is due{due}.", $"Una tarea posterior de {title} asignada a su organización tiene fecha límite{dueReminder}."),
                [hello, to.Say(
                    $"An after-action item of the operation {title} ({taskForce}) assigned to your organization is due{due} and is not marked done yet. Sign in to read it and mark it done.",
                    $"Una tarea posterior del operativo {title} ({taskForce}) asignada a su organización tiene fecha límite{dueReminder} y todavía no está marcada como hecha. Inicie sesión para leerla y marcarla como hecha."), confidential],
                to.Say("See the item", "Ver la tarea")),
            NotificationKinds.OperationActionItem => new(
                to.Say($"After-action item for your organization: {title}", $"Tarea posterior al operativo para su organización: {title}"),
                to.Say($"An after-action item of {title} is assigned to your organization{due}.", $"Se asignó a su organización una tarea posterior de {title}{due}."),
                [hello, to.Say(
                    $"An after-action item of the operation {title} ({taskForce}) is assigned to your organization{due}. Sign in to read it and mark it done.",
                    $"Se asignó a su organización una tarea posterior del operativo {title} ({taskForce}){due}. Inicie sesión para leerla y marcarla como hecha."), confidential],
                to.Say("See the item", "Ver la tarea")),
            _ => null,
        };
        return content is null ? null : content with { Paragraphs = [.. content.Paragraphs.Where(p => p.Length > 0)] };
    }

    /// <summary>The operation's task force's name (the same for every recipient: looked up once per notification).</summary>
    private async Task<string?> TaskForceNameAsync(Notification n) =>
        n.Fact("task-force.id") is { } id && await grains.GetGrain<ITaskForceGrain>(id).GetDetails() is { } details ? details.Profile.Name : null;

    private static string Changed(Notification n, NotificationRecipient to) => (n.Fact("changed.window") == "true", n.Fact("changed.place") == "true") switch
    {
        (true, true) => to.Say("time and place", "de hora y lugar"),
        (true, false) => to.Say("time", "de hora"),
        _ => to.Say("place", "de lugar"),
    };

    private static string Due(Notification n, NotificationRecipient to, bool reminder) => n.Fact("item.due") is null
        ? string.Empty
        : to.Say(
            $", due {NotificationText.Time(n, "item.due")} (Pacific time)",
            $"{(reminder ? string.Empty : ", con fecha límite")} el {NotificationText.Time(n, "item.due")} (hora del Pacífico)");
}
