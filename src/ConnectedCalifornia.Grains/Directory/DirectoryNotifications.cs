using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Directory;

/// <summary>
/// What the directory's changes tell people: the curators of a new (or resubmitted) application or claim,
/// the applicant of the curators' decision, an organization's admins of the decision on the listing
/// changes they asked for and of their listing's yearly check. The facts are the organization's name, the
/// kind of request, the decision and the fields decided; never the applicant's note or a curator's reason.
/// </summary>
internal static class DirectoryNotifications
{
    public static ImmutableArray<Notification> JoinRequest(string requestId, JoinRequestState before, JoinRequestState after)
    {
        if (!after.Exists || (before.Exists && before.Status == after.Status))
        {
            return [];
        }

        // Sent back to the queue after changes (not the first time it reaches the curators after the address was confirmed).
        var resubmitted = before.Exists && before.Status != JoinRequestStatus.AwaitingEmail;
        var facts = NotificationFacts.Of(
            ("organization.name", after.OrganizationName),
            ("request.id", requestId),
            ("request.kind", after.Kind.ToString()),
            ("request.status", after.Status.ToString()),
            ("request.public", after.IsPublic ? "true" : "false"),
            ("resubmitted", resubmitted ? "true" : "false"));

        // An applicant without an account is reached at the address they gave (the message carries the private
        // link to their application); one with an account through their account.
        var applicant = after.IsPublic && after.ApplicantEmail is { } email
            ? NotificationAudience.Address(email, after.ApplicantName, after.ApplicantLanguage)
            : NotificationAudience.Person(after.ApplicantId!);
        return after.Status switch
        {
            JoinRequestStatus.AwaitingEmail =>
            [
                new Notification(NotificationFacts.Id("join", requestId, after.Version, NotificationKinds.JoinReceived, "applicant"), NotificationKinds.JoinReceived,
                    after.UpdatedAt, [applicant], facts, null),
            ],
            JoinRequestStatus.Submitted =>
            [
                new Notification(NotificationFacts.Id("join", requestId, after.Version, NotificationKinds.JoinReceived, "curators"), NotificationKinds.JoinReceived,
                    after.UpdatedAt, [NotificationAudience.Curators()], facts, "/curation/applications"),
            ],
            JoinRequestStatus.Approved or JoinRequestStatus.ChangesRequested or JoinRequestStatus.Rejected =>
            [
                // The applicant has an account: their address is theirs to change, and the center shows it too.
                new Notification(NotificationFacts.Id("join", requestId, after.Version, NotificationKinds.JoinDecided, "applicant"), NotificationKinds.JoinDecided,
                    after.UpdatedAt, [applicant], facts,
                    after.Status == JoinRequestStatus.Approved ? $"/organizations/{after.OrganizationId}/manage" : after.IsPublic ? null : "/join"),
            ],
            _ => [],
        };
    }

    public static ImmutableArray<Notification> ChangesDecided(string organizationId, OrganizationState before, OrganizationState after)
    {
        var earlier = before.Decisions.IsDefault ? [] : before.Decisions;
        var decided = (after.Decisions.IsDefault ? [] : after.Decisions).Where(d => !earlier.Contains(d)).ToList();
        if (decided.Count == 0 || after.Profile is null)
        {
            return [];
        }

        static string Fields(IEnumerable<DecidedChange> changes) => string.Join(", ", changes.Select(c => c.Change.Field));
        return
        [
            new Notification(
                NotificationFacts.Id("organization", organizationId, after.Version, NotificationKinds.ChangeRequestDecided, "admins"),
                NotificationKinds.ChangeRequestDecided,
                after.UpdatedAt,
                [NotificationAudience.OrganizationAdmins(organizationId)],
                NotificationFacts.Of(
                    ("organization.name", after.Profile.Name),
                    ("accepted", Fields(decided.Where(d => d.Accepted))),
                    ("rejected", Fields(decided.Where(d => !d.Accepted))),
                    ("waiting", after.ChangeRequest is { } open ? open.Fields.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0")),
                $"/organizations/{organizationId}/manage"),
        ];
    }

    public static Notification ReverificationDue(string organizationId, string name, DateTimeOffset verifiedAt, DateTimeOffset flaggedAt) => new(
        NotificationFacts.Id("reverification", organizationId, flaggedAt.ToUnixTimeSeconds(), NotificationKinds.ReverificationDue, "admins"),
        NotificationKinds.ReverificationDue,
        flaggedAt,
        [NotificationAudience.OrganizationAdmins(organizationId)],
        NotificationFacts.Of(("organization.name", name), ("verified-at", NotificationFacts.Time(verifiedAt))),
        $"/organizations/{organizationId}/manage");
}
