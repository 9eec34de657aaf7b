using System.Collections.Immutable;
using ConnectedCalifornia.Notifications;

namespace ConnectedCalifornia.Operations;

/// <summary>
/// What an operation's change tells its organizations, derived from the state before and after it: a
/// standby request to the organizations asked, activation, a changed window or place and closing to every
/// participating organization, an after-action item to the organization it is assigned to. Operations are
/// confidential: the facts are the operation's title, its task force's id and its window, never a place
/// (neither the exact location nor the general area), the timeline, or what the standby request says.
/// </summary>
internal static class OperationNotifications
{
    public static ImmutableArray<Notification> Between(string operationId, OperationState before, OperationState after)
    {
        if (after.Plan is not { } plan)
        {
            return [];
        }

        var notes = ImmutableArray.CreateBuilder<Notification>();
        var known = Normalize(before.Standby).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var request in Normalize(after.Standby).Where(s => !known.Contains(s.Id)))
        {
            notes.Add(Make(operationId, after, NotificationKinds.OperationStandby, request.Id,
                [.. request.Request.OrganizationIds.Distinct(StringComparer.Ordinal).Select(NotificationAudience.OrganizationMembers)]));
        }

        var everyone = Normalize(after.Participants).Select(p => p.OrganizationId).Distinct(StringComparer.Ordinal).Select(NotificationAudience.OrganizationMembers).ToImmutableArray();
        if (before.Plan is not null && before.Status != after.Status && after.Status is OperationStatus.Active or OperationStatus.Closed)
        {
            var kind = after.Status == OperationStatus.Active ? NotificationKinds.OperationActivated : NotificationKinds.OperationClosed;
            notes.Add(Make(operationId, after, kind, "participants", everyone));
        }

        if (before.Plan is { } previous && after.Status != OperationStatus.Closed)
        {
            var window = previous.Start != plan.Start || previous.End != plan.End;
            var place = previous.ExactLocation != plan.ExactLocation || previous.GeneralArea != plan.GeneralArea || !previous.Counties.SequenceEqual(plan.Counties);
            if (window || place)
            {
                notes.Add(Make(operationId, after, NotificationKinds.OperationChanged, "participants", everyone,
                    ("changed.window", window ? "true" : "false"),
                    ("changed.place", place ? "true" : "false"),
                    ("previous.start", NotificationFacts.Time(previous.Start)),
                    ("previous.end", NotificationFacts.Time(previous.End))));
            }
        }

        var items = Normalize(before.ReviewItems).ToDictionary(i => i.Id, StringComparer.Ordinal);
        var toldBefore = before.ItemDueNoticesSent ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        var toldAfter = after.ItemDueNoticesSent ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        foreach (var item in Normalize(after.ReviewItems))
        {
            items.TryGetValue(item.Id, out var was);
            if (item.OrganizationId is not { Length: > 0 } assignee || item.Status == WorkStatus.Done)
            {
                continue;
            }

            // One message per item and change: assigned (or its due time moved), else due now.
            if (was?.OrganizationId != assignee || was.Due != item.Due)
            {
                notes.Add(Make(operationId, after, NotificationKinds.OperationActionItem, item.Id, [NotificationAudience.OrganizationMembers(assignee)],
                    ("item.due", item.Due is { } due ? NotificationFacts.Time(due) : null)));
            }
            else if (toldAfter.TryGetValue(item.Id, out var told) && (!toldBefore.TryGetValue(item.Id, out var earlier) || earlier != told))
            {
                notes.Add(Make(operationId, after, NotificationKinds.OperationActionItem, item.Id + ":due", [NotificationAudience.OrganizationMembers(assignee)],
                    ("item.due", NotificationFacts.Time(told)), ("item.reminder", ActionItemDue.Reminder)));
            }
        }

        return notes.ToImmutable();
    }

    private static Notification Make(string operationId, OperationState s, string kind, string suffix, ImmutableArray<NotificationAudience> to, params (string Key, string? Value)[] extra)
    {
        var plan = s.Plan!;
        (string, string?)[] facts =
        [
            ("operation.title", plan.Title),
            ("task-force.id", plan.TaskForceId),
            ("operation.start", NotificationFacts.Time(plan.Start)),
            ("operation.end", NotificationFacts.Time(plan.End)),
            .. extra,
        ];
        return new Notification(
            NotificationFacts.Id("operation", operationId, s.Version, kind, suffix), kind, s.UpdatedAt, to, NotificationFacts.Of(facts), $"/operations/{operationId}");
    }

    private static ImmutableArray<T> Normalize<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}

/// <summary>
/// When an after-action item's organization is told the item is due: the item is open, assigned and has a
/// due time that arrived, and its organization was not told of that due time yet.
/// </summary>
internal static class ActionItemDue
{
    /// <summary>The <c>item.reminder</c> fact of a due reminder.</summary>
    public const string Reminder = "due";

    /// <summary>The items waiting for a due reminder, with their due time.</summary>
    public static IEnumerable<(ReviewItem Item, DateTimeOffset Due)> Waiting(OperationState s)
    {
        var told = s.ItemDueNoticesSent ?? ImmutableDictionary<string, DateTimeOffset>.Empty;
        foreach (var item in s.ReviewItems.IsDefault ? [] : s.ReviewItems)
        {
            if (item is { OrganizationId.Length: > 0, Due: { } due } && item.Status != WorkStatus.Done
                && (!told.TryGetValue(item.Id, out var at) || at != due))
            {
                yield return (item, due);
            }
        }
    }

    /// <summary>When the next due reminder is due; null when none waits.</summary>
    public static DateTimeOffset? Next(OperationState s) =>
        Waiting(s).Select(w => (DateTimeOffset?)w.Due).DefaultIfEmpty(null).Min();
}
