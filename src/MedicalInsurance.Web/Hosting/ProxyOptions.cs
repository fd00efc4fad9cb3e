using System.Net;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// The reverse proxies in front of the app, from the <c>ForwardedHeaders</c> section (environment:
/// <c>ForwardedHeaders__KnownProxies__0=172.18.0.2</c>, <c>ForwardedHeaders__KnownNetworks__0=10.0.0.0/8</c>). Only a
/// request that arrives from one of them may say, in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, who the client
/// is and whether it spoke https; with none configured those headers are ignored, whoever sends them. An address that
/// does not parse stops the app at start.
/// </summary>
internal sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Single addresses (IPv4 or IPv6) of trusted proxies.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation (<c>172.16.0.0/12</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => Entries(KnownProxies).Any() || Entries(KnownNetworks).Any();

    public IEnumerable<IPAddress> Proxies => Entries(KnownProxies).Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks => Entries(KnownNetworks).Select(n => IPNetwork.Parse(n));

    /// <summary>One line per entry that is not an address or a network.</summary>
    public IEnumerable<string> Problems() =>
        Entries(KnownProxies).Where(p => !IPAddress.TryParse(p, out _)).Select(p => $"{Section}:KnownProxies: '{p}' is not an IP address")
            .Concat(Entries(KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _)).Select(n => $"{Section}:KnownNetworks: '{n}' is not a network in CIDR notation (10.0.0.0/8)"));

    private static IEnumerable<string> Entries(IEnumerable<string?> values) => values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim());
}
