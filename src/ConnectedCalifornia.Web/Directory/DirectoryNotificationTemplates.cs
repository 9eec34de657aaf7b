using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The directory's messages: a new application or claim for the curators, their decision for the
/// applicant, the decision on listing changes for the organization's admins, and the yearly check of a
/// listing. They name the organization and the decision; the applicant's note and the curators' reasons
/// stay in the app.
/// </summary>
public sealed class DirectoryNotificationTemplates : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.JoinReceived, NotificationKinds.JoinDecided, NotificationKinds.ChangeRequestDecided, NotificationKinds.ReverificationDue,
    ];

    public Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var name = n.Fact("organization.name") ?? "An organization";
        var claim = n.Fact("request.kind") == "Claim";
        var hello = NotificationText.Greeting(to);
        NotificationContent? content = n.Kind switch
        {
            NotificationKinds.JoinReceived => new(
                claim ? $"New claim of a listing: {name}" : $"New application to join: {name}",
                $"{(n.Fact("resubmitted") == "true" ? "Resubmitted" : "New")} {(claim ? "claim of" : "application from")} {name}.",
                [hello, $"{name} {(n.Fact("resubmitted") == "true" ? "was resubmitted with the changes you asked for" : claim ? "was claimed by someone who says they run it" : "applied to join the network")}. It waits in the curators' queue for a decision."],
                "Review it"),
            NotificationKinds.JoinDecided => n.Fact("request.status") switch
            {
                "Approved" => new(
                    $"Welcome to the network: {name}",
                    $"Your {(claim ? "claim of" : "application for")} {name} was approved.",
                    [hello, $"The curators approved your {(claim ? "claim of" : "application for")} {name}. You are its admin: sign in to complete its listing and invite your colleagues."],
                    "Manage your organization"),
                "ChangesRequested" => new(
                    $"Changes requested: {name}",
                    $"The curators asked for changes to your {(claim ? "claim of" : "application for")} {name}.",
                    [hello, $"The curators asked for changes to your {(claim ? "claim of" : "application for")} {name} before they decide. Sign in to read what they ask and resubmit."],
                    "See your request"),
                _ => new(
                    $"Not approved: {name}",
                    $"Your {(claim ? "claim of" : "application for")} {name} was not approved.",
                    [hello, $"The curators did not approve your {(claim ? "claim of" : "application for")} {name}. Sign in to read their reason."],
                    "See your request"),
            },
            NotificationKinds.ChangeRequestDecided => new(
                $"Listing changes decided: {name}",
                $"The curators decided on changes to {name}'s listing.",
                [hello, $"The curators decided on the changes you asked for to {name}'s public listing.",
                    n.Fact("accepted") is { Length: > 0 } accepted ? $"Accepted (now public): {accepted}." : "None accepted.",
                    n.Fact("rejected") is { Length: > 0 } rejected ? $"Not accepted: {rejected}. Sign in to read why." : string.Empty,
                    n.Fact("waiting") is { } waiting && waiting != "0" ? $"Still waiting for a decision: {waiting}." : string.Empty],
                "See your listing"),
            NotificationKinds.ReverificationDue => new(
                $"Time to check your listing: {name}",
                $"{name}'s listing is due for its yearly check.",
                [hello, $"{name}'s listing was last verified {NotificationText.Time(n, "verified-at")}. Once a year we ask each organization to confirm its listing is still right: please check it and confirm, so the curators can verify it again."],
                "Check your listing"),
            _ => null,
        };
        return Task.FromResult(content is null ? null : content with { Paragraphs = [.. content.Paragraphs.Where(p => p.Length > 0)] });
    }
}
