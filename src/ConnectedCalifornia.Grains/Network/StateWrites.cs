namespace ConnectedCalifornia.Network;

/// <summary>How every grain stores a change.</summary>
public static class StateWrites
{
    /// <summary>
    /// Stores <paramref name="next"/>. If the write fails, the grain's memory goes back to what is
    /// stored, so memory never runs ahead of storage; the caller sees the failure and may retry.
    /// </summary>
    public static async Task WriteOrRestoreAsync<TState>(this IPersistentState<TState> state, TState next)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }
    }
}
