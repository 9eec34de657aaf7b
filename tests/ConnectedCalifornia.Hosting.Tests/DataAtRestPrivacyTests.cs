using System.Text;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Referrals;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Hosting.Tests;

/// <summary>
/// The embedded SQLite file at rest: its folder and files are the service account's alone, and a
/// withdrawn consent's details are left neither in the database nor in its write-ahead log.
/// </summary>
public sealed class DataAtRestPrivacyTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
    private static readonly Actor Curator = new("curator-1", "Casey Curator");

    [SkippableFact]
    public async Task Data_folder_and_database_files_are_private()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new SkipException("Unix file modes only; on Windows the folder inherits the user profile's access list.");
        }

        using var folder = new TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        var database = Path.Combine(data, NetworkDatabase.SqliteFileName);

        using (var host = TestHosts.Embedded(data))
        {
            await host.StartAsync();
            await CreateOrganizationsAsync(host.Services.GetRequiredService<IGrainFactory>());

            Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                Assert.True(File.Exists(file), $"{Path.GetFileName(file)} exists while the host runs");
                Assert.Equal(Private, File.GetUnixFileMode(file));
            }

            await host.StopAsync();
        }

        // A folder and file an earlier version left readable by others are narrowed at the next start.
        File.SetUnixFileMode(data, PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(database, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using (var again = TestHosts.Embedded(data))
        {
            await again.StartAsync();
            Assert.Equal(PrivateFolder, File.GetUnixFileMode(data));
            Assert.Equal(Private, File.GetUnixFileMode(database));
            await again.StopAsync();
        }
    }

    [Fact]
    public async Task Withdrawn_consent_details_are_not_left_in_the_database_files()
    {
        using var folder = new TempDirectory();
        var database = Path.Combine(folder.Path, NetworkDatabase.SqliteFileName);
        const string Name = "Quillonia Zephyrcanary";
        const string Contact = "zephyrcanary.contact@example.org";
        var sender = new ReferralActor(new Actor("lucia", "Lucia Navarro"), "valley-compass");
        var receiver = new ReferralActor(new Actor("marisol", "Marisol Vega"), "bright-orchard");

        using var host = TestHosts.Embedded(folder.Path);
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await CreateOrganizationsAsync(grains);
        var referral = grains.GetGrain<IReferralGrain>("rf-atrest00001");
        Assert.True((await referral.Send(
            new ReferralDraft("valley-compass", "bright-orchard", ["shelter-housing"], AgeBracket.Age18To24, null, "es", "06019", "A safe bed tonight.", ReferralUrgency.Urgent, null),
            sender)).Succeeded);
        Assert.True((await referral.RecordConsent(
            new ConsentDraft("bright-orchard", "Intake", DateTimeOffset.UtcNow.AddDays(5), true, new IdentifyingDetails(Name, Contact)), sender)).Succeeded);
        Assert.Equal(Name, (await referral.Read(receiver))!.Details!.Name);
        await referral.Read(sender);

        // The scan sees the canary while consent lasts (so an absence below means something).
        Assert.True(FilesContain(database, "Zephyrcanary"), "the consented details are stored while consent lasts");

        Assert.True((await referral.RevokeConsent(receiver)).Succeeded);

        Assert.Null((await referral.Read(sender))!.Details);
        Assert.False(FilesContain(database, "Zephyrcanary"), "no byte of the withdrawn name or contact is left in the .db, -wal or -shm file");

        await host.StopAsync();
        Assert.False(FilesContain(database, "Zephyrcanary"));
    }

    [Fact]
    public async Task Purged_referral_details_are_not_left_in_the_database_files()
    {
        using var folder = new TempDirectory();
        var database = Path.Combine(folder.Path, NetworkDatabase.SqliteFileName);
        var sender = new ReferralActor(new Actor("lucia", "Lucia Navarro"), "valley-compass");
        var receiver = new ReferralActor(new Actor("marisol", "Marisol Vega"), "bright-orchard");
        using var host = TestHosts.Embedded(folder.Path, new Dictionary<string, string?>
        {
            ["Referrals:RetainDetailsAfterClose"] = "00:00:01",
            ["Referrals:SweepInterval"] = "00:00:00",
        });
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await CreateOrganizationsAsync(grains);
        var referral = grains.GetGrain<IReferralGrain>("rf-atrest00002");
        Assert.True((await referral.Send(
            new ReferralDraft("valley-compass", "bright-orchard", ["shelter-housing"], AgeBracket.Age18To24, null, "es", "06019", "Vexillarycanary needs a quiet room.", ReferralUrgency.Urgent, "Vexillarycanary safety note."),
            sender)).Succeeded);
        Assert.True((await referral.AddNote("Vexillarycanary note from the receiver.", receiver)).Succeeded);
        Assert.True((await referral.Transition(new ReferralTransition(ReferralStatus.Withdrawn), sender)).Succeeded);
        Assert.True(FilesContain(database, "Vexillarycanary"), "needs, safety notes and notes are stored until the purge");

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True((await referral.Tick()).Purged);

        Assert.False(FilesContain(database, "Vexillarycanary"), "no byte of the purged needs, safety notes or notes is left in the .db, -wal or -shm file");
        await host.StopAsync();
    }

    [Fact]
    public async Task Connections_to_the_embedded_database_overwrite_deleted_content()
    {
        using var folder = new TempDirectory();
        var database = NetworkDatabase.ForSqlite(folder.Path);

        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete";

        Assert.Equal(1L, await command.ExecuteScalarAsync());
        Assert.NotNull(database.DataSource);
        await using var fromSource = await database.DataSource!.OpenConnectionAsync();
        await using var again = fromSource.CreateCommand();
        again.CommandText = "PRAGMA secure_delete";
        Assert.Equal(1L, await again.ExecuteScalarAsync());
    }

    private static async Task CreateOrganizationsAsync(IGrainFactory grains)
    {
        foreach (var (key, name) in new[] { ("valley-compass", "Valley Compass"), ("bright-orchard", "Bright Orchard") })
        {
            var created = await grains.GetGrain<IOrganizationGrain>(key).Create(
                new OrganizationProfile(name, OrganizationKind.Nonprofit, "Services.", null, ["shelter-housing"], ["adults"], ["en"], ["06019"], [], AcceptingReferrals: true),
                Curator);
            Assert.True(created.Succeeded);
        }
    }

    /// <summary>Reads the raw bytes of the database and its side files as they are on disk, in UTF-8 and UTF-16, case-insensitively.</summary>
    private static bool FilesContain(string databasePath, string canary)
    {
        var needles = new[] { canary, canary.ToLowerInvariant(), canary.ToUpperInvariant() }
            .SelectMany(c => new[] { Encoding.UTF8.GetBytes(c), Encoding.Unicode.GetBytes(c) })
            .ToArray();
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm", databasePath + "-journal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            if (needles.Any(needle => bytes.AsSpan().IndexOf(needle) >= 0))
            {
                return true;
            }
        }

        return false;
    }
}
