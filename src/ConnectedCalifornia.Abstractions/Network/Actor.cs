namespace ConnectedCalifornia.Network;

/// <summary>Who does something: a signed-in user, or the system itself (seeding, sweeps).</summary>
[GenerateSerializer, Immutable, Alias("cc.Actor")]
public sealed record Actor(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName)
{
    public static Actor System { get; } = new("system", "Connected California");
}
