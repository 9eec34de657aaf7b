using ConnectedCalifornia.Calendars.Tests;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using Orleans.Core.Internal;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Operations.Tests;

/// <summary>
/// An open after-action item assigned to an organization reminds that organization once when its due time
/// arrives by the (fake) network clock, as a notification in the outbox; again only for a new due time; never
/// for a done or unassigned item, nor twice after the operation's grain is reactivated.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ActionItemDueNotificationTests(ClusterFixture fixture)
{
    private static readonly Actor Lead = new("lead-1", "Sgt. Lee Lead");
    private readonly IGrainFactory _grains = fixture.Client;

    private static DateTimeOffset Now => ClusterFixture.Clock.GetUtcNow();

    [Fact]
    public async Task Notification_an_open_assigned_item_reminds_its_organization_once_per_due_time_even_across_reactivation()
    {
        var taskForceId = NewKey("tf");
        Succeeded(await _grains.GetGrain<ITaskForceGrain>(taskForceId).Create(TaskForce(), Curator));
        var leadAgencyId = await CreateOrganizationAsync(_grains, Organization("Valley Police"));
        var shelterId = await CreateOrganizationAsync(_grains);
        var operationId = NewKey("op");
        var grain = _grains.GetGrain<IOperationGrain>(operationId);
        var start = Now.AddDays(1);
        Succeeded(await grain.Create(new OperationPlan(taskForceId, "Corridor operation", OperationType.Enforcement, start, start.AddHours(6), [Fresno], "North Fresno", "Room 4", false, leadAgencyId), Lead));
        Succeeded(await grain.SetParticipant(new OperationParticipant(shelterId, TaskForceOrganizationRole.VictimServices), Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Active, Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Debrief, Lead));

        var due = Now.AddHours(3);
        Succeeded(await grain.SetReviewItem(new ReviewItem("radios", "Return the radios", "Dana", due, WorkStatus.Open, shelterId), Lead));
        Succeeded(await grain.SetReviewItem(new ReviewItem("done", "Debrief notes", "Dana", due, WorkStatus.Done, shelterId), Lead));
        Succeeded(await grain.SetReviewItem(new ReviewItem("nobody", "Van keys", "Ray", due, WorkStatus.Open), Lead));
        Succeeded(await grain.SetReviewItem(new ReviewItem("late", "Late report", "Dana", Now.AddHours(-1), WorkStatus.Open, shelterId), Lead));

        var outbox = EventReminderTests.Outbox();
        async Task<List<Notification>> Reminders() =>
            [.. (await outbox.ReadWaitingAsync($"operation:{operationId}:")).Where(n => n.Kind == NotificationKinds.OperationActionItem && n.Fact("item.reminder") == "due")];

        // Not due yet: nothing.
        await Sweep();
        Assert.Equal(0, await grain.SendDueItemReminders());
        Assert.Empty(await Reminders());

        // Due: the sweep (what every silo runs each minute) reaches the operation; one reminder, to the assignee's members.
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));
        Assert.True(await Sweep() >= 1);
        Assert.Equal(0, await grain.SendDueItemReminders());
        var reminder = Assert.Single(await Reminders());
        Assert.Equal(NotificationAudience.OrganizationMembers(shelterId), reminder.To.Single());
        Assert.EndsWith(":radios:due", reminder.Id, StringComparison.Ordinal);
        Assert.Equal(due, DateTimeOffset.Parse(reminder.Fact("item.due")!, System.Globalization.CultureInfo.InvariantCulture));

        // As after a restart: the grain is not active; what it sent is stored, so it is not sent again.
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Sweep();
        Assert.Equal(0, await grain.SendDueItemReminders());
        Assert.Single(await Reminders());
        Assert.DoesNotContain(operationId, await _grains.GetGrain<IOperationIndexGrain>(OperationKeys.Index).GetItemsDue(Now.AddYears(1)));

        // A new due time is told when it comes (the change itself sends the "assigned" message with the new time).
        Succeeded(await grain.SetReviewItem(new ReviewItem("radios", "Return the radios", "Dana", Now.AddHours(1), WorkStatus.Open, shelterId), Lead));
        Assert.Contains(operationId, await _grains.GetGrain<IOperationIndexGrain>(OperationKeys.Index).GetItemsDue(Now.AddHours(2)));
        Assert.Single(await Reminders());
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await Sweep() >= 1);
        Assert.Equal(2, (await Reminders()).Count);

        // Done items are never reminded.
        Succeeded(await grain.SetReviewItem(new ReviewItem("soon", "File the report", "Dana", Now.AddHours(1), WorkStatus.Open, shelterId), Lead));
        Succeeded(await grain.SetReviewItem(new ReviewItem("soon", "File the report", "Dana", Now.AddHours(1), WorkStatus.Done, shelterId), Lead));
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await grain.SendDueItemReminders());
        Assert.Equal(["radios", "radios"], (await Reminders()).Select(n => n.Id.Split(':')[^2]));
        Assert.Contains(await grain.GetHistory(50), c => c.Field == "review" && c.NewValue == $"radios: due reminder sent to {shelterId}" && c.ActorName == Actor.System.DisplayName);
    }

    private static void Succeeded(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));

    private Task<int> Sweep() => ActionItemDueSweeper.SweepAsync(_grains, Now);
}
