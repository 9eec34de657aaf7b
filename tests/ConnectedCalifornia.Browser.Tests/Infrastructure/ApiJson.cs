using System.Text.Json;
using Microsoft.Playwright;

namespace ConnectedCalifornia.Browser.Tests.Infrastructure;

/// <summary>
/// Reads what the app stored, through its API, with the cookies of a signed-in browser context: the one way the
/// browser tests check what a page did (<c>using static ConnectedCalifornia.Browser.Tests.Infrastructure.ApiJson;</c>).
/// </summary>
public static class ApiJson
{
    /// <summary>The JSON answer of a GET; fails the test, naming the address and status, when it is not a success.</summary>
    public static async Task<JsonElement> GetJsonAsync(IAPIRequestContext api, string url)
    {
        var response = await api.GetAsync(url);
        Assert.True(response.Ok, $"{url}: {response.Status}");
        using var document = JsonDocument.Parse(await response.TextAsync());
        return document.RootElement.Clone();
    }

    /// <summary>As <see cref="GetJsonAsync(IAPIRequestContext, string)"/>, signed in as the page's context is.</summary>
    public static Task<JsonElement> GetJsonAsync(IPage page, string url) => GetJsonAsync(page.Context.APIRequest, url);

    /// <summary>As <see cref="GetJsonAsync(IAPIRequestContext, string)"/>, signed in as the context is.</summary>
    public static Task<JsonElement> GetJsonAsync(IBrowserContext context, string url) => GetJsonAsync(context.APIRequest, url);
}
