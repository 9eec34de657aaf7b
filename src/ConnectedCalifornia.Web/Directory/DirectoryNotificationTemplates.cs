using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Notifications;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// The directory's messages: a new application or claim for the curators, their decision for the
/// applicant, the decision on listing changes for the organization's admins, and the yearly check of a
/// listing. They name the organization and the decision; the applicant's note and the curators' reasons
/// stay in the app. An applicant without an account is written to at the address they gave, with the
/// private link to their application (<see cref="JoinStatusLinks"/>) and, once approved, the one-time link
/// that sets up their account (<see cref="AccountLinks.SetUpPathAsync"/>), both made when the message is written.
/// </summary>
public sealed class DirectoryNotificationTemplates(JoinStatusLinks statusLinks, IServiceScopeFactory scopes) : INotificationTemplates
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationKinds.JoinReceived, NotificationKinds.JoinDecided, NotificationKinds.ChangeRequestDecided, NotificationKinds.ReverificationDue,
    ];

    public async Task<NotificationContent?> RenderAsync(Notification n, NotificationRecipient to, CancellationToken cancellationToken)
    {
        var content = n.Fact("request.public") == "true" && n.Fact("request.id") is { } requestId && to.UserId is null && n.Kind is NotificationKinds.JoinReceived or NotificationKinds.JoinDecided
            ? await RenderForApplicantWithoutAccountAsync(n, to, requestId)
            : Render(n, to);
        return content is null ? null : content with { Paragraphs = [.. content.Paragraphs.Where(p => p.Length > 0)] };
    }

    /// <summary>The messages to someone who applied without an account: confirm the address; the decision.</summary>
    private async Task<NotificationContent?> RenderForApplicantWithoutAccountAsync(Notification n, NotificationRecipient to, string requestId)
    {
        var name = n.Fact("organization.name") ?? "your organization";
        var hello = NotificationText.Greeting(to);
        var status = statusLinks.PathOf(requestId);
        switch (n.Kind, n.Fact("request.status"))
        {
            case (NotificationKinds.JoinReceived, _):
                return new($"Confirm your e-mail address: {name}", $"Confirm your address to send the application for {name} to the curators.",
                    [hello, $"We received an application for {name} to join Connected California with this e-mail address.",
                     "Open the link below to confirm that this address is yours: only then does the application go to the network's curators. The same link shows its status at any time; keep this e-mail.",
                     "If you did not apply, ignore this e-mail: nothing is sent to the curators and no account is created."],
                    "Confirm and follow your application", ActionPath: status);

            case (NotificationKinds.JoinDecided, "Approved"):
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var setUp = await scope.ServiceProvider.GetRequiredService<AccountLinks>().SetUpPathAsync(to.Email, to.Name);
                    return setUp is null
                        ? new($"Welcome to the network: {name}", $"Your application for {name} was approved.",
                            [hello, $"The curators approved your application for {name}. You already have a Connected California account with this address: {name} is now on it, with you as its admin.",
                             "Sign in as usual to complete its listing and invite your colleagues."],
                            "Sign in", ActionPath: "/Account/Login")
                        : new($"Welcome to the network: {name}", $"Your application for {name} was approved.",
                            [hello, $"The curators approved your application for {name}. Your account is ready, with you as the organization's admin.",
                             $"Choose your password with the link below within {AccountLinks.InvitationLifetime.TotalDays:0} days. The link works once. Then sign in to complete the listing and invite your colleagues."],
                            "Set up your account", ActionPath: setUp);
                }

            case (NotificationKinds.JoinDecided, "ChangesRequested"):
                return new($"Changes requested: {name}", $"The curators asked for changes to your application for {name}.",
                    [hello, $"The curators asked for changes to your application for {name} before they decide. Open your application to read what they ask and send it again."],
                    "Open your application", ActionPath: status);

            case (NotificationKinds.JoinDecided, _):
                return new($"Not approved: {name}", $"Your application for {name} was not approved.",
                    [hello, $"The curators did not approve your application for {name}. Open your application to read their reason."],
                    "Open your application", ActionPath: status);

            default:
                return null;
        }
    }

    private static NotificationContent? Render(Notification n, NotificationRecipient to)
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
        return content;
    }
}
