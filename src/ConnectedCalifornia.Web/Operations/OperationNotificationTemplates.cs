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
        var title = n.Fact("operation.title") ?? "An operation";
        var taskForce = n.Fact("task-force.id") is { } id && await grains.GetGrain<ITaskForceGrain>(id).GetDetails() is { } details
            ? details.Profile.Name
            : "your task force";
        var when = $"{NotificationText.Time(n, "operation.start")} to {NotificationText.Time(n, "operation.end")} (Pacific time)";
        var hello = NotificationText.Greeting(to);
        const string Confidential = "The operation is confidential: its place and details are only in Connected California. Please do not forward this e-mail.";
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.OperationStandby => new(
                $"Standby request: {title}",
                $"{taskForce} asks your organization to stand by for {title}, {when}.",
                [hello, $"{taskForce} asks your organization to stand by with advocates for the operation {title}, {when}. Please sign in to read the request and answer yes, partly or no.", Confidential],
                "Answer the standby request"),
            NotificationKinds.OperationActivated => new(
                $"Operation active: {title}",
                $"{title} ({taskForce}) is now active.",
                [hello, $"The operation {title} of {taskForce}, which your organization takes part in, is now active: {when}. The live timeline is on the operation's page.", Confidential],
                "Open the operation"),
            NotificationKinds.OperationChanged => new(
                $"Operation changed: {title}",
                $"{title} ({taskForce}) changed its {Changed(n)}.",
                [hello, $"The operation {title} of {taskForce} changed its {Changed(n)}.",
                    n.Fact("changed.window") == "true" ? $"Now: {when}. Before: {NotificationText.Time(n, "previous.start")} to {NotificationText.Time(n, "previous.end")}." : $"When: {when}.",
                    n.Fact("changed.place") == "true" ? "The place changed: sign in to see it." : string.Empty, Confidential],
                "Open the operation"),
            NotificationKinds.OperationClosed => new(
                $"Operation closed: {title}",
                $"{title} ({taskForce}) was closed.",
                [hello, $"The operation {title} of {taskForce} was closed. Beds still held for it were released. After-action items stay open on its page until they are done.", Confidential],
                "Open the operation"),
            NotificationKinds.OperationActionItem when n.Fact("item.reminder") == "due" => new(
                $"After-action item due: {title}",
                $"An after-action item of {title} assigned to your organization is due{Due(n)}.",
                [hello, $"An after-action item of the operation {title} ({taskForce}) assigned to your organization is due{Due(n)} and is not marked done yet. Sign in to read it and mark it done.", Confidential],
                "See the item"),
            NotificationKinds.OperationActionItem => new(
                $"After-action item for your organization: {title}",
                $"An after-action item of {title} is assigned to your organization{Due(n)}.",
                [hello, $"An after-action item of the operation {title} ({taskForce}) is assigned to your organization{Due(n)}. Sign in to read it and mark it done.", Confidential],
                "See the item"),
            _ => null,
        };
        return content is null ? null : content with { Paragraphs = [.. content.Paragraphs.Where(p => p.Length > 0)] };
    }

    private static string Changed(Notification n) => (n.Fact("changed.window") == "true", n.Fact("changed.place") == "true") switch
    {
        (true, true) => "time and place",
        (true, false) => "time",
        _ => "place",
    };

    private static string Due(Notification n) => n.Fact("item.due") is null ? string.Empty : $", due {NotificationText.Time(n, "item.due")} (Pacific time)";
}
