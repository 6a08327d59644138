using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansP2P.WebPortal.Tests.Hosting;

namespace OrleansP2P.WebPortal.Tests.Api;

/// <summary>Login, sign-up and logout over HTTP, against the real portal.</summary>
public sealed class AccountApiTests : IAsyncLifetime
{
    private PortalFactory _portal = null!;

    public async Task InitializeAsync() => _portal = await new PortalFactory().StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task User4_logs_in_and_gets_a_session_cookie()
    {
        using var client = new ApiClient(_portal);

        var reply = await client.Http.PostAsJsonAsync("/api/login", new { username = "user4", password = "password4" });

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("user4", (await ApiClient.JsonOf(reply)).GetProperty("username").GetString());
        Assert.Contains(reply.Headers.GetValues("Set-Cookie"), c => c.StartsWith("OrleansP2P=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/files")).StatusCode);
    }

    [Theory]
    [InlineData("user4", "password3")]
    [InlineData("user9", "password9")]
    [InlineData("", "password4")]
    public async Task A_wrong_username_or_password_gets_exactly_401_Invalid_username_or_password(string username, string password)
    {
        using var client = new ApiClient(_portal);

        var reply = await client.Http.PostAsJsonAsync("/api/login", new { username, password });

        Assert.Equal("Invalid username or password", await ApiClient.AssertErrorAsync(reply, HttpStatusCode.Unauthorized));
        Assert.False(reply.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("{\"username\":", "application/json")]
    [InlineData("{\"username\":\"user4\"}", "application/json")]
    [InlineData("[]", "application/json")]
    [InlineData("username=user4&password=password4", "application/x-www-form-urlencoded")]
    public async Task A_malformed_login_gets_400_json(string body, string contentType)
    {
        using var client = new ApiClient(_portal);

        var reply = await client.Http.PostAsync("/api/login", new StringContent(body, Encoding.UTF8, contentType));

        await ApiClient.AssertErrorAsync(reply, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sign_up_creates_a_peer_with_a_folder_and_refuses_bad_names_weak_passwords_and_taken_names()
    {
        using var client = new ApiClient(_portal);

        var created = await client.Http.PostAsJsonAsync("/api/signup", new { username = "user5", password = "password5" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(Directory.Exists(_portal.FolderOf("user5")));
        Assert.True(File.Exists(_portal.PathIn("user5", "Tracker.txt")));

        await ApiClient.AssertErrorAsync(await client.Http.PostAsJsonAsync("/api/signup", new { username = "user5", password = "password5" }), HttpStatusCode.Conflict);
        await ApiClient.AssertErrorAsync(await client.Http.PostAsJsonAsync("/api/signup", new { username = "../evil", password = "password5" }), HttpStatusCode.BadRequest);
        await ApiClient.AssertErrorAsync(await client.Http.PostAsJsonAsync("/api/signup", new { username = "user6", password = "short" }), HttpStatusCode.BadRequest);
        Assert.False(Directory.Exists(_portal.FolderOf("user6")));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsJsonAsync("/api/login", new { username = "user5", password = "password5" })).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/tracker")]
    [InlineData("GET", "/api/tracker.txt")]
    [InlineData("GET", "/api/peers")]
    [InlineData("GET", "/api/files")]
    [InlineData("GET", "/api/files/File3.txt")]
    [InlineData("PUT", "/api/files/File3.txt")]
    [InlineData("POST", "/api/files/File3.txt/download")]
    [InlineData("POST", "/api/logout")]
    public async Task Every_peer_route_without_a_login_gets_401_json_not_a_redirect(string method, string path)
    {
        using var client = new ApiClient(_portal);

        var reply = await client.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("x") });

        await ApiClient.AssertErrorAsync(reply, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var client = await ApiClient.LogInAsync(_portal, "user2");

        Assert.Equal(HttpStatusCode.OK, (await client.Http.PostAsync("/api/logout", null)).StatusCode);

        await ApiClient.AssertErrorAsync(await client.Http.GetAsync("/api/files"), HttpStatusCode.Unauthorized);
        var peers = await ApiClient.JsonOf(await (await ApiClient.LogInAsync(_portal, "user1")).Http.GetAsync("/api/peers"));
        Assert.Contains(peers.EnumerateArray(), p => p.GetProperty("username").GetString() == "user2" && !p.GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Logging_out_in_one_client_leaves_the_same_users_other_client_logged_in()
    {
        using var laptop = await ApiClient.LogInAsync(_portal, "user3");
        using var phone = await ApiClient.LogInAsync(_portal, "user3");

        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.PostAsync("/api/logout", null)).StatusCode);

        await ApiClient.AssertErrorAsync(await laptop.Http.GetAsync("/api/files"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await phone.Http.GetAsync("/api/files")).StatusCode);
        var peers = await ApiClient.JsonOf(await phone.Http.GetAsync("/api/peers"));
        Assert.Contains(peers.EnumerateArray(), p => p.GetProperty("username").GetString() == "user3" && p.GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_every_api_route()
    {
        using var client = new ApiClient(_portal);

        var document = await ApiClient.JsonOf(await client.Http.GetAsync("/openapi/v1.json"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Superset(
            new HashSet<string> { "/api/login", "/api/token", "/api/signup", "/api/logout", "/api/tracker", "/api/tracker.txt", "/api/peers", "/api/files", "/api/files/{name}", "/api/files/{name}/download", "/api/files/{name}/versions", "/api/files/{name}/versions/{version}", "/api/files/{name}/versions/{version}/restore", "/api/conflicts", "/api/conflicts/{name}/resolve", "/api/transfers", "/api/transfers/{id}/cancel" },
            paths.ToHashSet());
    }

    [Fact]
    public async Task The_OpenAPI_document_gives_every_route_a_success_schema_and_every_error_the_problem_schema()
    {
        using var client = new ApiClient(_portal);

        var document = await ApiClient.JsonOf(await client.Http.GetAsync("/openapi/v1.json"));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var missing = new List<string>();
        var operations = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "delete"))
            {
                operations++;
                var responses = operation.Value.GetProperty("responses").EnumerateObject().ToList();
                if (!responses.Any(r => r.Name.StartsWith('2')))
                {
                    missing.Add($"{operation.Name} {path.Name}: no success response");
                }

                foreach (var response in responses)
                {
                    var where = $"{operation.Name} {path.Name} {response.Name}";
                    if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any())
                    {
                        missing.Add($"{where}: no content");
                        continue;
                    }

                    foreach (var media in content.EnumerateObject())
                    {
                        if (!media.Value.TryGetProperty("schema", out var schema) || !Resolves(schema, schemas))
                        {
                            missing.Add($"{where} {media.Name}: no schema");
                        }
                        else if (!response.Name.StartsWith('2') && (media.Name != "application/problem+json" || !HasErrorField(schema, schemas)))
                        {
                            missing.Add($"{where} {media.Name}: not the problem schema with an error field");
                        }
                    }
                }

                if (path.Name is not ("/api/login" or "/api/signup" or "/api/hosts") && !responses.Any(r => r.Name == "401"))
                {
                    missing.Add($"{operation.Name} {path.Name}: no 401");
                }
            }
        }

        Assert.Equal(22, operations);
        Assert.Empty(missing);

        static bool Resolves(System.Text.Json.JsonElement schema, System.Text.Json.JsonElement schemas) =>
            schema.TryGetProperty("$ref", out var reference)
                ? schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out _)
                : schema.TryGetProperty("type", out _);

        static bool HasErrorField(System.Text.Json.JsonElement schema, System.Text.Json.JsonElement schemas) =>
            schema.TryGetProperty("$ref", out var reference) &&
            schemas.GetProperty(reference.GetString()!.Split('/')[^1]).GetProperty("properties").TryGetProperty("error", out _);
    }
}
