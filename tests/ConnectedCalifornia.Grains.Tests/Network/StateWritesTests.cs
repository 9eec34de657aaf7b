namespace ConnectedCalifornia.Network.Tests;

/// <summary>Memory never runs ahead of storage: every grain stores its changes through this one step.</summary>
public sealed class StateWritesTests
{
    [Fact]
    public async Task A_stored_change_stays_in_memory()
    {
        var state = new RecordingState(refuse: false) { State = "stored" };

        await state.WriteOrRestoreAsync("next");

        Assert.Equal("next", state.State);
        Assert.Equal(["next"], state.Written);
    }

    [Fact]
    public async Task A_failed_write_puts_what_is_stored_back_in_memory_and_the_caller_sees_the_failure()
    {
        var state = new RecordingState(refuse: true) { State = "stored" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => state.WriteOrRestoreAsync("next"));

        Assert.Equal("stored", state.State);
        Assert.Equal(["next"], state.Written);
    }

    /// <summary>A grain's persistent state whose storage takes or refuses every write (the storage itself cannot be made to fail on demand).</summary>
    private sealed class RecordingState(bool refuse) : IPersistentState<string>
    {
        public List<string> Written { get; } = [];

        public string State { get; set; } = string.Empty;

        public string? Etag => null;

        public bool RecordExists => Written.Count > 0;

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task ReadStateAsync() => Task.CompletedTask;

        public Task WriteStateAsync()
        {
            Written.Add(State);
            return refuse ? Task.FromException(new InvalidOperationException("The database is unreachable.")) : Task.CompletedTask;
        }
    }
}
