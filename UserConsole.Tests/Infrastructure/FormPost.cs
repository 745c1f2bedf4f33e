using System.Text.RegularExpressions;

namespace UserConsole.Tests.Infrastructure;

/// <summary>Posts a static server-rendered form as a browser would: GET the page, take its antiforgery token and
/// form name, POST the fields.</summary>
public static partial class FormPost
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"No antiforgery token on {path}:\n{page}");
        }

        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token.Groups[1].Value),
            new("_handler", formName),
        };
        values.AddRange(fields);
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
