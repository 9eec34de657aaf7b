using System.Text;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http;

namespace ConnectedCalifornia.Web.Tests.Network;

/// <summary>Every API body (a JSON command, an HSDS import file) is read through one size limit.</summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task A_body_of_the_limit_is_read_whole()
    {
        var request = Request("""{"a":"12345"}""", declareLength: false);

        var body = await JsonBody.ReadLimitedAsync(request, maxBytes: 13);

        Assert.NotNull(body);
        Assert.Equal("""{"a":"12345"}""", Encoding.UTF8.GetString(body.Value));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_whether_or_not_it_declares_its_length()
    {
        Assert.Null(await JsonBody.ReadLimitedAsync(Request("""{"a":"123456"}""", declareLength: false), maxBytes: 13));
        Assert.Null(await JsonBody.ReadLimitedAsync(Request("""{"a":"123456"}""", declareLength: true), maxBytes: 13));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_validation_problem_not_a_parsed_object()
    {
        var (body, error) = await JsonBody.ReadObjectAsync(Request("""{"text":"far too long"}""", declareLength: false), maxBytes: 8);

        Assert.Null(body);
        Assert.NotNull(error);
    }

    private static HttpRequest Request(string json, bool declareLength)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = declareLength ? bytes.Length : null;
        return context.Request;
    }
}
