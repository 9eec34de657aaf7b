using ConnectedCalifornia.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>Exercises the version (ETag) rules of the grain-storage queries through the real provider.</summary>
internal static class StorageContract
{
    public static async Task VerifyAsync(IHost host)
    {
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Network);
        var grainId = GrainId.Create("contract-test", Guid.NewGuid().ToString("N"));

        var state = new GrainState<ShelterV1>(new ShelterV1("A", 1, NoteColor.Red));
        await storage.WriteStateAsync("contract-test", grainId, state);
        Assert.Equal("1", state.ETag);

        // A second activation that never read the state cannot create it again.
        var stranger = new GrainState<ShelterV1>(new ShelterV1("B", 2, NoteColor.Green));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("contract-test", grainId, stranger));

        state.State = state.State! with { Beds = 5 };
        await storage.WriteStateAsync("contract-test", grainId, state);
        Assert.Equal("2", state.ETag);

        // A stale version changes nothing.
        var stale = new GrainState<ShelterV1>(new ShelterV1("C", 3, NoteColor.Green)) { ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("contract-test", grainId, stale));

        await storage.ClearStateAsync("contract-test", grainId, state);
        Assert.Equal("3", state.ETag);
        Assert.False(state.RecordExists);

        var afterClear = new GrainState<ShelterV1>();
        await storage.ReadStateAsync("contract-test", grainId, afterClear);
        Assert.False(afterClear.RecordExists);
        Assert.Equal("3", afterClear.ETag);

        afterClear.State = new ShelterV1("D", 4, NoteColor.Red);
        await storage.WriteStateAsync("contract-test", grainId, afterClear);
        var again = new GrainState<ShelterV1>();
        await storage.ReadStateAsync("contract-test", grainId, again);
        Assert.Equal(("4", new ShelterV1("D", 4, NoteColor.Red)), (again.ETag, again.State));

        // Integer keys with and without a key extension are distinct rows.
        var plain = GrainId.Create("contract-test", "42");
        var extended = GrainId.Create("contract-test", "42+ext");
        await storage.WriteStateAsync("contract-test", plain, new GrainState<ShelterV1>(new ShelterV1("plain", 1, NoteColor.Red)));
        await storage.WriteStateAsync("contract-test", extended, new GrainState<ShelterV1>(new ShelterV1("extended", 2, NoteColor.Red)));
        var readPlain = new GrainState<ShelterV1>();
        await storage.ReadStateAsync("contract-test", plain, readPlain);
        Assert.Equal("plain", readPlain.State!.Name);
    }
}
