using ConnectedCalifornia.Network;

namespace ConnectedCalifornia.Hosting.Tests;

public enum NoteColor
{
    Red,
    Green,
}

/// <summary>A persistent test grain: one note per key, stored in <see cref="StorageNames.Network"/>.</summary>
public interface INoteGrain : IGrainWithStringKey
{
    Task Write(string text, NoteColor color);

    Task<NoteView> Read();
}

[GenerateSerializer, Immutable]
public sealed record NoteView([property: Id(0)] string Text, [property: Id(1)] NoteColor Color, [property: Id(2)] int Writes);

public sealed class NoteState
{
    public string Text { get; set; } = string.Empty;

    public NoteColor Color { get; set; }

    public int Writes { get; set; }
}

public sealed class NoteGrain([PersistentState("note", StorageNames.Network)] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    public async Task Write(string text, NoteColor color)
    {
        note.State.Text = text;
        note.State.Color = color;
        note.State.Writes++;
        await note.WriteStateAsync();
    }

    public Task<NoteView> Read() => Task.FromResult(new NoteView(note.State.Text, note.State.Color, note.State.Writes));
}

/// <summary>Registers, lists and removes a durable reminder (the reminder table's queries, end to end).</summary>
public interface IReminderProbeGrain : IGrainWithGuidKey
{
    Task<(string[] Registered, string[] AfterRemoval)> RegisterListAndRemove();
}

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task<(string[] Registered, string[] AfterRemoval)> RegisterListAndRemove()
    {
        await this.RegisterOrUpdateReminder("nightly-census", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        await this.RegisterOrUpdateReminder("nightly-census", TimeSpan.FromHours(2), TimeSpan.FromHours(24));
        var registered = (await this.GetReminders()).Select(r => r.ReminderName).ToArray();
        await this.UnregisterReminder((await this.GetReminder("nightly-census"))!);
        var after = (await this.GetReminders()).Select(r => r.ReminderName).ToArray();
        return (registered, after);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

/// <summary>Raises the database driver's own exception, as grain code reaching PostgreSQL does when the database fails.</summary>
public interface IDatabaseFaultGrain : IGrainWithStringKey
{
    Task Fail(string sqlState);
}

public sealed class DatabaseFaultGrain : Grain, IDatabaseFaultGrain
{
    public Task Fail(string sqlState) =>
        throw new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", sqlState);
}
