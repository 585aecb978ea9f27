using System.Net;

namespace Grader.Semester;

/// <summary>
/// How <c>grader serve</c> sits behind a reverse proxy (issue 81): the proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> count (none by default: a client's own forwarding headers are ignored), and the address the
/// class reaches the app at; when that is HTTPS, every cookie is <c>Secure</c> and every response carries HSTS.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>The HSTS header's value when the public side is HTTPS (one year; no subdomains, which are not the app's).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Nothing trusted, no public address: the app as it answers on its own address.</summary>
    public static ServeOptions Direct { get; } = new();

    /// <summary>The proxies (an address or a network) whose forwarding headers are trusted.</summary>
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>The address the class reaches the app at (https://grading.example.edu/), or null.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>True when the public side is HTTPS: cookies <c>Secure</c> always, HSTS on every response.</summary>
    public bool Https => PublicUrl?.Scheme == Uri.UriSchemeHttps;

    /// <summary>A link to <paramref name="path"/> (a local path) as the class reaches it: on the public address when there is one, else the path.</summary>
    public string Link(string path) => PublicUrl is { } url ? url.GetLeftPart(UriPartial.Authority) + url.AbsolutePath.TrimEnd('/') + path : path;

    /// <summary>
    /// A trusted proxy from <c>--trusted-proxy</c>: an address (127.0.0.1, ::1) or a network (10.0.0.0/8); null with the
    /// reason in <paramref name="problem"/> when it is neither.
    /// </summary>
    public static IPNetwork? Proxy(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var trimmed = text.Trim();
        if (!trimmed.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(trimmed, out var address))
        {
            return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        if (IPNetwork.TryParse(trimmed, out var network))
        {
            // 10.0.0.1/8 is a typo for an address or for 10.0.0.0/8: trusting a whole network by mistake is refused.
            if (IPAddress.TryParse(trimmed[..trimmed.IndexOf('/', StringComparison.Ordinal)], out var given) && !given.Equals(network.BaseAddress))
            {
                problem = $"'{trimmed}' has bits set past its prefix: write the address alone ({given}) or the network ({network})";
                return null;
            }

            return network;
        }

        problem = $"'{trimmed}' is no address or network (127.0.0.1, ::1, 10.0.0.0/8)";
        return null;
    }

    /// <summary>The public address from <c>--public-url</c> (http or https, a host, at most a path); null with the reason in <paramref name="problem"/> otherwise.</summary>
    public static Uri? Public(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Length > 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0)
        {
            return uri;
        }

        problem = $"'{text.Trim()}' is no address like https://grading.example.edu/ (http or https, a host, no query)";
        return null;
    }
}
