namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// The browser tests that use the seeded Development demo share one app and one Chromium: starting
/// both costs seconds per class on 2 cores. Tests in it must not depend on state another class left
/// behind (each creates what it asserts on, or reads the seeded data it does not change). Classes that
/// need different settings (an empty Production app, a low rate limit) keep a fixture of their own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DemoNetworkCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Demo network";
}
